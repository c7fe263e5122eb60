import { useIntl } from 'react-intl';
import { getTranslation } from './getTranslation';

/** `t(key, english, values)`: a plugin string in the admin's language. */
export function useT() {
  const { formatMessage } = useIntl();
  return (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
}
