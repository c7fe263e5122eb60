'use strict';
// Legacy entry point: Strapi reads package.json `exports['./strapi-admin']` first.
module.exports = require('./dist/admin');
