// What the 传阅 and 催办 suites share: signed-in clients by user name, and lookups in the database.
import type { Client, TestServer } from '../helpers/server.js';

export function incomingHelpers(server: () => TestServer) {
  const users = new Map<string, Client>();
  const db = () => server().ctx.database.db;
  const as = async (u: string) => {
    if (!users.has(u)) users.set(u, await server().login(u));
    return users.get(u)!;
  };
  const personId = async (u: string) => (await db().selectFrom('people').select('id').where('username', '=', u).executeTakeFirstOrThrow()).id;
  const dept = async (code: string) => (await db().selectFrom('departments').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  /** The notifications of one kind `u` received about one document. */
  const notices = async (u: string, docId: string, kind: string) =>
    db().selectFrom('notifications').select(['title', 'body']).where('person_id', '=', await personId(u)).where('record_id', '=', docId).where('kind', '=', kind).execute();
  return { db, as, personId, dept, notices };
}
