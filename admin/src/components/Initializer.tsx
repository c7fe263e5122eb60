import { useMessagingFetchClient } from '../features/practices/useMessagingFetchClient';
import { useEffect, useRef } from 'react';

import { PLUGIN_ID } from '../pluginId';
import type { HostMappingInfo } from '../features/notices/api';
import { rememberHostMapping } from '../features/notices/hostMapping';

type InitializerProps = {
  setPlugin: (id: string) => void;
};

/** Loads the host mapping for the list column, then declares the plugin ready (also when it cannot: the admin must not hang). */
const Initializer = ({ setPlugin }: InitializerProps) => {
  const ref = useRef(setPlugin);
  const { get } = useMessagingFetchClient();
  const getRef = useRef(get);

  useEffect(() => {
    let done = false;
    const ready = () => {
      if (!done) ref.current(PLUGIN_ID);
      done = true;
    };
    const giveUp = setTimeout(ready, 3000);
    getRef
      .current<{ data: HostMappingInfo }>(`/${PLUGIN_ID}/mapping`)
      .then((response) => rememberHostMapping(response.data.data))
      .catch(() => rememberHostMapping(null)) // e.g. an admin without the send-log permission: no column
      .finally(() => {
        clearTimeout(giveUp);
        ready();
      });
  }, []);

  return null;
};

export { Initializer };
