using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Rpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddStorage();        // Storage:Root, SQLite, TimeProvider
builder.AddMediaRegistry();  // Media:Roots, RegisterMedia's resolver and fetcher
builder.AddRpcActions();     // the dispatch table of the RPC surface
builder.AddRpcSecurity();    // Security: signature v1, replay window, throttling, request bounds

var app = builder.Build();

await app.InitializeStorageAsync();
app.UseRpcRequestLimits();   // Security: query, body and parameter-count bounds of the RPC surface
app.MapRpc();                // GET|POST / ?Action=…

app.Run();
