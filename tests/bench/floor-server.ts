// The bench's first floor (ADR 027, docs/performance.md): a bare `node:http` server that runs the home timeline's own SQL
// (the app's `getTimelinePage`, on the app's pool) and sends the page as JSON. Whatever a Cruddur page
// costs above this is the host, Remix, React and the rest of the page, not the data.
import { createServer } from "node:http";
import { getTimelinePage } from "~/models/crud.server";

createServer((req, res) => {
  if (req.url === "/api/health-check") return void res.writeHead(200).end("ok");
  getTimelinePage({ now: new Date() }).then(
    (page) => {
      const body = JSON.stringify(page);
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }).end(body);
    },
    () => res.writeHead(500).end(),
  );
}).listen(Number(process.env.PORT));
