import { useStatus } from '../../settings/api';
import { useT } from '../../../utils/useT';

/**
 * The label of a channel choice, marked when the practice has switched that
 * paid channel off. Still offered: the settings may change, and the server
 * answers a request for it with 409 and says where to switch it on.
 */
export function useChoiceLabel() {
  const t = useT();
  const { data: status } = useStatus();
  /** `unreachable`: this client cannot receive it (no address or consent); "switched off" says more and wins */
  return (choice: string, unreachable = false) => {
    const label = t(`choice.${choice}`, choice);
    const off =
      (choice === 'sms' || choice === 'threema') && status && !status.channels[choice].enabled;
    if (off) return t('choice.off', '{channel} (switched off)', { channel: label });
    return unreachable
      ? t('mass.unreachableChoice', '{choice} (not reachable)', { choice: label })
      : label;
  };
}
