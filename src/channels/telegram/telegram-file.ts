/**
 * Reads a file Telegram keeps (an official's photo or voice note) through the Bot API: getFile,
 * then the download URL. For channels that cannot show a Telegram file id (the web chat shows
 * the officials' evidence photos and plays their voice notes through gopy).
 */
const TYPE_BY_EXTENSION: Record<string, string> = {
  oga: 'audio/ogg',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  png: 'image/png',
  webp: 'image/webp',
};

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
      // Telegram answers application/octet-stream: the type is in the path's extension
      // (voice/file_1.oga, photos/file_2.jpg); photos are JPEG.
      mimeType:
        type.startsWith('image/') || type.startsWith('audio/')
          ? type
          : (TYPE_BY_EXTENSION[path.split('.').pop()?.toLowerCase() ?? ''] ?? 'image/jpeg'),
      data: new Uint8Array(await file.arrayBuffer()),
    };
  };
}
