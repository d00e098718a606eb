using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddStorage();        // Storage:Root, SQLite, TimeProvider
builder.AddMediaRegistry();  // Media:Roots, RegisterMedia's resolver and fetcher
builder.AddSnapshotJobs();   // Hangfire queues for snapshot jobs and callbacks, job recovery at start
builder.AddRpcActions();     // the dispatch table of the RPC surface
builder.AddSnapshotTemplates(); // Templates:Seed, the templates a new database starts with
builder.AddApiDocs();        // Swagger: one operation per action

var app = builder.Build();

await app.InitializeStorageAsync();
app.MapApiDocs();            // /swagger
app.MapJobsDashboard();      // /hangfire (read-only)
app.MapRpc();                // GET|POST / ?Action=…
app.MapUploads();            // POST /uploads
app.MapSnapshotFiles();      // GET /{VideoId}/snapshots/{kind}/{file}

app.Run();
