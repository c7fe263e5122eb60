export default {
  config: {
    // A German practice platform: its staff works in German.
    locales: ['de'],
    // No calls to the internet (release notes, tutorials): the app runs offline in CI.
    notifications: { releases: false },
    tutorials: false,
  },
  bootstrap() {},
};
