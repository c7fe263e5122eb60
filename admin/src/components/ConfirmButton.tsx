import { Button, Dialog } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import type { ReactNode } from 'react';
import { useT } from '../utils/useT';

interface Props {
  /** the button on the page and the confirming button in the dialog */
  label: string;
  title: string;
  /** what will happen, as one sentence (a string, so the dialog shows it with its warning icon) */
  children: string;
  onConfirm: () => void;
  disabled?: boolean;
  loading?: boolean;
  variant?: 'default' | 'danger';
  startIcon?: ReactNode;
}

/** A button that asks first: sending to many clients or cancelling many appointments cannot be taken back. */
export const ConfirmButton = ({
  label,
  title,
  children,
  onConfirm,
  disabled,
  loading,
  variant = 'default',
  startIcon,
}: Props) => {
  const t = useT();
  return (
    <Dialog.Root>
      <Dialog.Trigger>
        <Button variant={variant} disabled={disabled} loading={loading} startIcon={startIcon}>
          {label}
        </Button>
      </Dialog.Trigger>
      <Dialog.Content>
        <Dialog.Header>{title}</Dialog.Header>
        <Dialog.Body
          icon={<WarningCircle fill={variant === 'danger' ? 'danger600' : 'warning600'} />}
        >
          {children}
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary">
              {t('bulk.confirm.back', 'Back')}
            </Button>
          </Dialog.Cancel>
          <Dialog.Action>
            <Button
              fullWidth
              variant={variant === 'danger' ? 'danger-light' : 'default'}
              onClick={onConfirm}
            >
              {label}
            </Button>
          </Dialog.Action>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
