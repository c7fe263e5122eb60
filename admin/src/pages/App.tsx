import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { HomePage } from './HomePage';
import LogPage from './LogPage';
import TemplatesPage from './TemplatesPage';
import BulkPage from './BulkPage';
import MassCancellationPage from './MassCancellationPage';
import UsagePage from './UsagePage';
import WaitlistPage from './WaitlistPage';
import DryRunOutboxPage from './DryRunOutboxPage';

const App = () => (
  <Routes>
    <Route index element={<HomePage />} />
    <Route path="log" element={<LogPage />} />
    <Route path="templates" element={<TemplatesPage />} />
    <Route path="bulk" element={<BulkPage />} />
    <Route path="mass-cancellation" element={<MassCancellationPage />} />
    <Route path="usage" element={<UsagePage />} />
    <Route path="waitlist" element={<WaitlistPage />} />
    <Route path="dry-run-outbox" element={<DryRunOutboxPage />} />
    <Route path="*" element={<Page.Error />} />
  </Routes>
);

export default App;
