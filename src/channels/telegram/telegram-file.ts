/**
 * Reads a file Telegram keeps (an official's photo) through the Bot API: getFile, then the
 * download URL. For channels that cannot show a Telegram file id (the web chat shows the
 * officials' evidence photos through gopy).
 */
export function createTelegramFileReader(options: { apiRoot: string; token: string }) {
  const root = options.apiRoot.replace(/\/$/, '');
  return async function readTelegramFile(
    fileId: string,
  ): Promise<{ mimeType: string; data: Uint8Array } | undefined> {
    const res = await fetch(
      `${root}/bot${options.token}/getFile?file_id=${encodeURIComponent(fileId)}`,
      { signal: AbortSignal.timeout(10_000) },
    );
    const body = (await res.json()) as { ok?: boolean; result?: { file_path?: string } };
    const path = body.ok ? body.result?.file_path : undefined;
    if (!path) return undefined;
    const file = await fetch(`${root}/file/bot${options.token}/${path}`, {
      signal: AbortSignal.timeout(20_000),
    });
    if (!file.ok) return undefined;
    const type = file.headers.get('content-type') ?? '';
    return {
      // Telegram answers application/octet-stream; photos are JPEG.
      mimeType: type.startsWith('image/') ? type : 'image/jpeg',
      data: new Uint8Array(await file.arrayBuffer()),
    };
  };
}
