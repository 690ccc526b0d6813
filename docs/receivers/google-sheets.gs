/**
 * Awareness kiosk -> Google Sheets.
 *
 * Every message a booth sends becomes one row of the sheet "Messages", once, however often
 * the kiosk sends a batch again. Each request is checked against the kiosk's secret (a
 * Standard Webhooks signature), so nobody else can add rows.
 *
 * Set-up, about ten minutes, no server:
 *  1. Open the Google Sheet. Extensions > Apps Script. Replace the code there with this file
 *     and save.
 *  2. Project Settings (the gear) > Script properties > Add script property:
 *     KIOSK_SECRET = the secret from `kiosk sync --new-secret` (it starts with whsec_).
 *  3. Deploy > New deployment > Select type: Web app. Execute as: Me. Who has access: Anyone.
 *     Deploy, allow access, and copy the web app URL (https://script.google.com/macros/s/.../exec).
 *  4. In the kiosk's kiosk.yaml:
 *       sync:
 *         webhook:
 *           url: https://script.google.com/macros/s/.../exec
 *           secret: whsec_...
 *  5. Run `kiosk sync --test`: it says "The web address took the test."
 *
 * After changing this code, use Deploy > Manage deployments > Edit > New version, so the
 * address stays the same.
 */

const SHEET = 'Messages';
const FIXED = ['id', 'kiosk', 'created_at', 'language', 'received_at'];
const TOLERANCE_SECONDS = 300;  // a request signed longer ago than this is refused
const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];

function doPost(e) {
  let answer;
  try {
    answer = receive(e);
  } catch (err) {
    answer = { ok: false, retry: true, error: String((err && err.message) || err) };
  }
  return ContentService.createTextOutput(JSON.stringify(answer))
      .setMimeType(ContentService.MimeType.JSON);
}

function doGet() {
  return ContentService.createTextOutput('The kiosk receiver is running. Booths send to this '
      + 'address; there is nothing to see here.');
}

function receive(e) {
  const secret = PropertiesService.getScriptProperties().getProperty('KIOSK_SECRET');
  if (!secret) {
    return { ok: false, error: 'KIOSK_SECRET is not set in the script properties' };
  }
  const p = e.parameter || {};
  const body = e.postData ? e.postData.contents : '';
  if (!verified(secret, p['webhook-id'], p['webhook-timestamp'], p['webhook-signature'], body)) {
    return { ok: false, error: 'the signature does not match: the secret is not the '
        + "kiosk's, or the kiosk's clock is wrong" };
  }
  const batch = JSON.parse(body);
  if (batch.batch_id !== p['webhook-id']) {
    return { ok: false, error: 'the batch is not the one signed' };
  }
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(20000)) {
    return { ok: false, retry: true, error: 'the sheet is busy' };
  }
  try {
    return { ok: true, batch_id: batch.batch_id, stored: store(batch.messages || []) };
  } finally {
    lock.releaseLock();
  }
}

/** The Standard Webhooks check: HMAC-SHA256 of "id.timestamp.body" with the secret. */
function verified(secret, id, timestamp, signature, body) {
  if (!id || !timestamp || !signature) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const key = secret.indexOf('whsec_') === 0
      ? Utilities.base64Decode(secret.slice('whsec_'.length))
      : Utilities.newBlob(secret).getBytes();
  const signed = Utilities.newBlob(id + '.' + timestamp + '.' + body).getBytes();
  const expected = 'v1,'
      + Utilities.base64Encode(Utilities.computeHmacSha256Signature(signed, key));
  return signature.split(' ').indexOf(expected) >= 0;
}

/** Adds the messages not in the sheet yet (by id); a new form field gets a new column. */
function store(messages) {
  const book = SpreadsheetApp.getActiveSpreadsheet();
  let sheet = book.getSheetByName(SHEET);
  if (!sheet) {
    sheet = book.insertSheet(SHEET);
    sheet.setFrozenRows(1);
  }
  const last = sheet.getLastRow();
  const header = last ? sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0]
      : FIXED.slice();
  const seen = new Set();
  if (last > 1) {
    sheet.getRange(2, 1, last - 1, 1).getValues().forEach((row) => seen.add(String(row[0])));
  }
  const fresh = messages.filter((m) => {
    if (seen.has(m.id)) return false;
    seen.add(m.id);
    Object.keys(m.fields || {}).forEach((k) => {
      if (header.indexOf(k) < 0) header.push(k);
    });
    return true;
  });
  if (!fresh.length) return 0;
  const now = new Date().toISOString();
  sheet.getRange(1, 1, 1, header.length).setValues([header]);
  const rows = fresh.map((m) => header.map((column) => cell(column, m, now)));
  sheet.getRange(Math.max(last, 1) + 1, 1, rows.length, header.length).setValues(rows);
  return rows.length;
}

/** One cell: a tick as yes or no, and text that could be read as a formula kept as text. */
function cell(column, m, now) {
  const fixed = { id: m.id, kiosk: m.kiosk_id, created_at: m.created_at,
                  language: m.language, received_at: now };
  const value = column in fixed ? fixed[column] : (m.fields || {})[column];
  if (value === null || value === undefined) return '';
  if (value === true || value === false) return value ? 'yes' : 'no';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
}
