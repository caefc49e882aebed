// Compiled (not run) by test/http.types.test.mjs: the integrations' types.
import Fastify from 'fastify';
import arenajsonFastify, { type DocBody, type LazyBody } from 'arenajson/fastify';
import express, { type Response } from 'express';
import arenajsonExpress, { sendJson, type DocRequest, type LazyRequest } from 'arenajson/express';
import { ArenaPool, type Arena, type Doc } from 'arenajson';

const app = Fastify();
app.register(arenajsonFastify, { body: 'doc', pool: new ArenaPool({ maxIdle: 2 }), onProtoPoisoning: 'remove' });
app.post<DocBody>('/doc', { config: { arenajson: { body: 'doc' } } }, (request, reply) => {
  const body: Doc = request.body;
  const arena: Arena | null = request.arena;
  const id: unknown = body.get('user.id');
  reply.send(arena === null ? { id } : arena.object().set('id', id));
});
app.post<LazyBody<{ user: { id: number } }>>('/lazy', (request) => {
  const id: number = request.body.user.id;
  return { id };
});
// @ts-expect-error: not a body mode
app.register(arenajsonFastify, { body: 'tree' });

const server = express();
server.use(arenajsonExpress({ body: 'doc', limit: '1mb', inflate: true, strict: true, type: ['application/json', '+json'], proto: 'error' }));
server.post('/', (req: DocRequest, res: Response) => {
  const arena: Arena | undefined = req.arena;
  const body: Doc = req.body;
  sendJson(res, body.query('items') ?? arena?.object());
});
server.post('/lazy', (req: LazyRequest<{ user: { id: number } }>, res: Response) => {
  const id: number = req.body.user.id;
  res.json({ id });
});
// @ts-expect-error: verify takes a function
arenajsonExpress({ verify: 'yes' });
