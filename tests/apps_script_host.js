// Runs a Google Apps Script's doPost the way Google does, on this computer, for the tests:
//   node apps_script_host.js SCRIPT.gs STATE.json < request.json > answer.json
// request.json is {"parameter": {...}, "contents": "..."}; STATE.json holds the script
// properties and the spreadsheet's cells between runs. The services stand in for Google's
// with the same shapes: byte arrays of signed bytes, 1-based ranges, a sheet grid.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const vm = require('vm');

const [scriptPath, statePath] = process.argv.slice(2);
const state = JSON.parse(fs.readFileSync(statePath, 'utf8'));
state.sheets = state.sheets || {};

const signed = (buffer) => Array.from(buffer, (b) => (b > 127 ? b - 256 : b));
const unsigned = (bytes) => Buffer.from(bytes.map((b) => b & 255));

function sheetOf(name) {
  const grid = state.sheets[name];
  return {
    getLastRow: () => grid.length,
    getLastColumn: () => Math.max(0, ...grid.map((row) => row.length)),
    setFrozenRows: () => {},
    getRange: (row, column, rows, columns) => ({
      getValues: () => Array.from({ length: rows }, (_, r) => Array.from(
          { length: columns }, (_, c) => ((grid[row - 1 + r] || [])[column - 1 + c] ?? ''))),
      setValues: (values) => {
        if (values.length !== rows || values.some((v) => v.length !== columns)) {
          throw new Error('The number of rows or columns in the data does not match the range');
        }
        values.forEach((v, r) => {
          while (grid.length < row + r) grid.push([]);
          v.forEach((value, c) => { grid[row - 1 + r][column - 1 + c] = value; });
        });
      },
    }),
  };
}

const services = {
  Utilities: {
    base64Decode: (text) => signed(Buffer.from(text, 'base64')),
    base64Encode: (bytes) => unsigned(bytes).toString('base64'),
    newBlob: (text) => ({ getBytes: () => signed(Buffer.from(text, 'utf8')) }),
    computeHmacSha256Signature: (value, key) => signed(
        crypto.createHmac('sha256', unsigned(key)).update(unsigned(value)).digest()),
  },
  PropertiesService: {
    getScriptProperties: () => ({ getProperty: (k) => (state.properties || {})[k] ?? null }),
  },
  LockService: { getScriptLock: () => ({ tryLock: () => !state.busy, releaseLock: () => {} }) },
  ContentService: {
    MimeType: { JSON: 'application/json' },
    createTextOutput: (text) => ({ text, setMimeType() { return this; } }),
  },
  SpreadsheetApp: {
    getActiveSpreadsheet: () => ({
      getSheetByName: (name) => (name in state.sheets ? sheetOf(name) : null),
      insertSheet: (name) => { state.sheets[name] = []; return sheetOf(name); },
    }),
  },
};

const context = vm.createContext({ ...services, Date, JSON, Math, Set, String, Number });
vm.runInContext(fs.readFileSync(scriptPath, 'utf8'), context, { filename: scriptPath });
const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const output = context.doPost({ parameter: request.parameter,
                                postData: { contents: request.contents } });
fs.writeFileSync(statePath, JSON.stringify(state));
process.stdout.write(output.text);
