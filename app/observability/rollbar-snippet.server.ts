// The browser reporter's source (rollbar-client.tsx): a server module, so the client bundle never
// carries it. The page's HTML does; once it has run, the browser has no use for its text.
/** Kept small and dependency-free: it runs before the app's bundle and must never throw. */
export const ROLLBAR_SNIPPET = `(function(c){
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
