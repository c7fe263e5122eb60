'use strict';
// knex prints this notice on MySQL/MariaDB whenever Strapi creates tables in a
// transaction; it is expected there and drowns the test output.
const original = console.log;
console.log = (...args) => {
  if (typeof args[0] === 'string' && args[0].startsWith('Transaction was implicitly committed'))
    return;
  original(...args);
};
