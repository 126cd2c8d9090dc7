/** A client that hangs up mid-request must not take the emulator down (it did once, under a benchmark). */
import https from 'node:https';
import { startDataverseEmulator, type DataverseEmulator } from '../../../emulators/dataverse';

let emu: DataverseEmulator;
beforeAll(async () => {
  emu = await startDataverseEmulator();
});
afterAll(async () => {
  await emu.close();
});

it('keeps serving after a client resets the connection in the middle of a request body', async () => {
  const url = new URL(`${emu.webApiUrl}/$batch`);
  await new Promise<void>((resolve) => {
    const req = https.request(url, {
      method: 'POST',
      ca: emu.caPem,
      headers: { 'Content-Length': '100000', Authorization: `Bearer ${emu.getToken()}` },
    });
    req.on('error', () => resolve());
    req.write('--batch_x\r\n');
    setTimeout(() => {
      req.destroy();
      resolve();
    }, 50);
  });
  await new Promise((r) => setTimeout(r, 100));
  const status = await new Promise<number>((resolve, reject) => {
    https
      .get(`${emu.webApiUrl}/WhoAmI`, { ca: emu.caPem, headers: { Authorization: `Bearer ${emu.getToken()}` } }, (r) =>
        resolve(r.statusCode ?? 0),
      )
      .on('error', reject);
  });
  expect(status).toBe(200);
});
