// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the Khronos glTF-Validator (npm package gltf-validator) on each file
// and prints one JSON line per file: errors, warnings, infos, hints and the
// first error messages. External resources resolve beside the file.
//
// Usage: node gltf-validate.js FILE...   (ATELIER_NODE_MODULES: where it is)
'use strict';

const fs = require('fs');
const path = require('path');

let validator;
try {
  const dir = process.env.ATELIER_NODE_MODULES;
  validator = require(dir ? path.join(dir, 'gltf-validator') : 'gltf-validator');
} catch (e) {
  console.log(JSON.stringify({ missing: 'gltf-validator' }));
  process.exit(77);
}

async function validate(file) {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const report = await validator.validateBytes(bytes, {
    uri: path.basename(file),
    maxIssues: 100,
    externalResourceFunction: (uri) => new Promise((resolve, reject) => {
      const resolved = path.resolve(path.dirname(file), decodeURIComponent(uri));
      fs.readFile(resolved, (err, data) => err ? reject(err.toString()) : resolve(data));
    }),
  });
  const issues = report.issues;
  return {
    file,
    validator: report.validatorVersion,
    errors: issues.numErrors,
    warnings: issues.numWarnings,
    infos: issues.numInfos,
    hints: issues.numHints,
    messages: issues.messages.filter((m) => m.severity <= 1).slice(0, 10)
      .map((m) => `${m.severity === 0 ? 'error' : 'warning'} ${m.code} ${m.pointer || ''} ${m.message}`),
  };
}

(async () => {
  for (const file of process.argv.slice(2)) {
    try {
      console.log(JSON.stringify(await validate(file)));
    } catch (e) {
      console.log(JSON.stringify({ file, errors: 1, messages: [String(e)] }));
    }
  }
})();
