'use strict';
// Legacy entry point: Strapi reads package.json `exports['./strapi-server']` first.
module.exports = require('./dist/server');
