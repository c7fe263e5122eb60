export default {
  config: {
    locales: ['de'],
    // No calls to the internet: this app runs offline in the demo and in CI.
    notifications: { releases: false },
    tutorials: false,
  },
  bootstrap() {},
};
