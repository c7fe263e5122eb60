'use strict';
module.exports = () => require('./server').teardown();
