// Browser errors to Rollbar without Rollbar's CDN script (our CSP allows only our own scripts and
// nonce'd inline ones): a small inline snippet posts `error` and `unhandledrejection` events to
// Rollbar's item API with fetch. It sends no cookie (cross-origin fetch, credentials omitted) and
// no query string (where a reset code or token could sit). Render it in root.tsx's <head>:
//   {data?.rollbar ? <RollbarScript nonce={nonce} config={data.rollbar} /> : null}
import type { RollbarClientConfig } from "./rollbar.server";

/** Kept small and dependency-free: it runs before the app's bundle and must never throw. */
const SNIPPET = `(function(c){
  var sent=0;
  function post(body){
    if(sent++>=10)return;
    try{
      fetch(c.endpoint,{method:"POST",credentials:"omit",keepalive:true,headers:{"Content-Type":"application/json"},
        body:JSON.stringify({access_token:c.accessToken,data:{environment:c.environment,platform:"browser",language:"javascript",
          level:"error",timestamp:Math.floor(Date.now()/1000),code_version:c.codeVersion,body:body,
          request:{url:location.origin+location.pathname},
          client:{javascript:{browser:navigator.userAgent,code_version:c.codeVersion,source_map_enabled:false}}}})
      }).catch(function(){});
    }catch(e){}
  }
  function describe(e){return e&&e.stack?String(e.stack):String(e&&e.message||e);}
  window.addEventListener("error",function(ev){
    var e=ev.error||{};
    post({trace:{exception:{class:e.name||"Error",message:String(ev.message||e.message||"error")},
      frames:[{filename:String(ev.filename||location.pathname).split("?")[0],lineno:ev.lineno||0,colno:ev.colno||0,method:"?"}]}});
  });
  window.addEventListener("unhandledrejection",function(ev){post({message:{body:"Unhandled rejection: "+describe(ev.reason).slice(0,2000)}});});
})`;

/** Inline config + reporter, allowed by the CSP through its nonce. */
export function RollbarScript({ nonce, config }: { nonce: string; config: RollbarClientConfig }) {
  // JSON in a script: escape `<` so no value can close the tag.
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: `${SNIPPET}(${json});` }} />;
}
