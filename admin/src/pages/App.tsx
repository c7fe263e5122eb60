import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { HomePage } from './HomePage';
import LogPage from './LogPage';
import TemplatesPage from './TemplatesPage';

const App = () => (
  <Routes>
    <Route index element={<HomePage />} />
    <Route path="log" element={<LogPage />} />
    <Route path="templates" element={<TemplatesPage />} />
    <Route path="*" element={<Page.Error />} />
  </Routes>
);

export default App;
