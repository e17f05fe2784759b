/**
 * Runs `sql` on a connection of its own with triggers off: a change nobody announces, as a
 * tool working behind gopy's back could make (tests of what gopy keeps in process).
 */
import pg from 'pg';

export async function silently(url: string, sql: string, values: unknown[]): Promise<void> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query('SET session_replication_role = replica');
    await client.query(sql, values);
  } finally {
    await client.end();
  }
}
