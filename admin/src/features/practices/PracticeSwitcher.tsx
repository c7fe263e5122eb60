import { useEffect } from 'react';
import { Box, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { useQuery, useQueryClient } from 'react-query';
import { useLocation } from 'react-router-dom';
import { PLUGIN_ID } from '../../pluginId';
import { useT } from '../../utils/useT';
import { setActingPractice, useActingPractice } from './actingPractice';

interface MyPractices {
  /** with what each practice pays per unit (tenths of a cent), for the live counter */
  practices: {
    key: string;
    name: string;
    unitPriceTenthCents: Record<'sms' | 'threema', number>;
  }[];
  everyPractice: boolean;
  defaultPractice: string | null;
}

/** The practices this user may act for (GET /practices/mine), and which one acts now. */
export function useMyPractices() {
  const { get } = useFetchClient();
  const chosen = useActingPractice();
  const query = useQuery(
    [PLUGIN_ID, 'practices', 'mine'],
    async () => (await get<{ data: MyPractices }>(`/${PLUGIN_ID}/practices/mine`)).data.data,
    { staleTime: 60_000 }
  );
  const mine = query.data;
  // a choice this user may not make (another user's, a practice gone): back to their default
  const valid = mine?.practices.some((practice) => practice.key === chosen) ? chosen : null;
  const acting = valid ?? mine?.defaultPractice ?? null;
  return { mine, acting, isLoading: query.isLoading };
}

/** What the acting practice pays per SMS segment and Threema message; undefined while unknown. */
export function useUnitPrices(): Record<'sms' | 'threema', number> | undefined {
  const { mine, acting } = useMyPractices();
  return mine?.practices.find((practice) => practice.key === acting)?.unitPriceTenthCents;
}

/**
 * Which practice the pages act for: a choice for users of more than one
 * practice, the name alone for everyone else (one practice: nothing).
 */
export const PracticeSwitcher = () => {
  const t = useT();
  const client = useQueryClient();
  const chosen = useActingPractice();
  const { mine, acting } = useMyPractices();
  // the operator's page covers every practice: no acting practice to show there
  const acrossPractices = useLocation().pathname.endsWith('/operator');

  useEffect(() => {
    if (mine && acting !== chosen) setActingPractice(acting);
  }, [mine, acting, chosen]);

  if (!mine || !acting || acrossPractices) return null;
  const name = mine.practices.find((practice) => practice.key === acting)?.name ?? acting;
  // an installation of one practice, or a user of every practice there is: nothing to choose or show
  if (mine.practices.length < 2) {
    if (mine.everyPractice) return null;
    return (
      <Box paddingLeft={10} paddingRight={10} paddingTop={4} data-testid="practice-switcher">
        <Typography variant="sigma" textColor="neutral600" data-testid="acting-practice">
          {t('practices.only', 'Practice: {name}', { name })}
        </Typography>
      </Box>
    );
  }
  const choose = (key: string) => {
    setActingPractice(key);
    // nothing of the other practice may stay on screen
    void client.resetQueries({
      predicate: (query) => query.queryKey[0] === PLUGIN_ID && query.queryKey[1] !== 'practices',
    });
  };
  return (
    <Box paddingLeft={10} paddingRight={10} paddingTop={4} data-testid="practice-switcher">
      <Flex gap={3} alignItems="center">
        <Typography variant="sigma" textColor="neutral600" id="acting-practice-label">
          {t('practices.acting', 'Acting for')}
        </Typography>
        <Box minWidth="16rem">
          <SingleSelect
            aria-label={t('practices.acting', 'Acting for')}
            value={acting}
            onChange={(value: string | number) => choose(String(value))}
            data-testid="practice-select"
          >
            {mine.practices.map((practice) => (
              <SingleSelectOption key={practice.key} value={practice.key}>
                {practice.name}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Box>
        <Typography variant="pi" textColor="neutral600" data-testid="acting-practice">
          {t('practices.actingNote', 'Everything on these pages belongs to {name}.', { name })}
        </Typography>
      </Flex>
    </Box>
  );
};
