'use strict';
module.exports = () => require('./e2e-server').teardown();
