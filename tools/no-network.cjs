// Preloaded into the electronegativity run (tools/electronegativity.mjs): the scanner fetches
// translations and Electron's release list from GitHub; the scan needs neither, and tests stay
// offline and deterministic, so its HTTP client fails at once instead.
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'got') {
    const refuse = () => Promise.reject(new Error('network disabled for this scan'));
    refuse.head = refuse;
    refuse.get = refuse;
    return Object.assign(refuse, { default: refuse });
  }
  return load.call(this, request, parent, isMain);
};
