import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { HomePage } from '../features/settings/pages/HomePage';
import LogPage from '../features/outbox/pages/LogPage';
import TemplatesPage from '../features/templates/pages/TemplatesPage';
import BulkPage from '../features/bulk/pages/BulkPage';
import MassCancellationPage from '../features/bulk/pages/MassCancellationPage';
import UsagePage from '../features/billing/pages/UsagePage';
import WaitlistPage from '../features/bulk/pages/WaitlistPage';
import DryRunOutboxPage from '../features/outbox/pages/DryRunOutboxPage';
import OperatorPage from '../features/billing/pages/OperatorPage';
import { PracticeSwitcher } from '../features/practices/PracticeSwitcher';

// The practice every page acts for, above each page (README "Many practices")
const App = () => (
  <>
    <PracticeSwitcher />
    <Routes>
      <Route index element={<HomePage />} />
      <Route path="log" element={<LogPage />} />
      <Route path="templates" element={<TemplatesPage />} />
      <Route path="bulk" element={<BulkPage />} />
      <Route path="mass-cancellation" element={<MassCancellationPage />} />
      <Route path="usage" element={<UsagePage />} />
      <Route path="operator" element={<OperatorPage />} />
      <Route path="waitlist" element={<WaitlistPage />} />
      <Route path="dry-run-outbox" element={<DryRunOutboxPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </>
);

export default App;
