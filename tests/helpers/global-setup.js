'use strict';
/** Compiles the playground once per Jest run; each test file boots it from playground/dist. */
const playground = require('../../scripts/lib/playground');

module.exports = async () => {
  playground.setTestSecrets();
  await playground.compilePlayground();
};
