import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { useActingPractice } from './actingPractice';
import { withPractice } from './practiceUrl';

type FetchClient = ReturnType<typeof useFetchClient>;

/**
 * Strapi's fetch client for the plugin's routes, acting for the practice
 * chosen in the switcher: the one place the admin adds `?practice=`.
 */
export function useMessagingFetchClient(): FetchClient {
  const client = useFetchClient();
  const practice = useActingPractice();
  return useMemo(() => {
    const acting = <F extends (url: string, ...rest: never[]) => unknown>(call: F): F =>
      ((url: string, ...rest: never[]) => call(withPractice(url, practice), ...rest)) as F;
    return {
      ...client,
      get: acting(client.get),
      post: acting(client.post),
      put: acting(client.put),
      del: acting(client.del),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client.get, client.post, client.put, client.del, practice]);
}
