'use strict';
module.exports = () => require('./app').assertPrepared();
