using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Console;
using VodSnapshot.Api.Features.Covers;
using VodSnapshot.Api.Features.Faults;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Features.Playback;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Features.Templates;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Hosting.Health;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Storage;
using VodSnapshot.Api.Telemetry;
using VodSnapshot.Media;

// Settings ship beside the binary; relative paths in them (data, samples/media) are under the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddStorage();                                          // Storage:Root, the image layout, TimeProvider
builder.AddDatabase();                                         // Storage:Provider: SQLite in the state folder, or PostgreSQL
builder.AddCluster();                                          // Cluster: node name and count, refusal of unsafe combinations
builder.Services.AddMediaEngine(builder.Configuration);        // Ffmpeg: ffprobe, frame extraction, sprite composition
builder.AddMediaRegistry();                                    // Media:Roots, RegisterMedia's resolver and fetcher
builder.AddJobQueues();                                        // Jobs: Hangfire queues for snapshot jobs and callbacks, recovery at start
builder.AddSnapshotJobs();                                     // Snapshots: per-job bounds, the job runner
builder.AddCovers();                                           // Covers: the automatic cover snapshots of each new video (on by default)
builder.AddCallbacks();                                        // Callback: SnapshotComplete deliveries and their client
builder.AddFaultInjection();                                   // Faults: emulator-only fault injection, off by default
builder.AddRpcActions();                                       // the dispatch table of the RPC surface
builder.AddTemplates();                                        // Templates:Seed, the snapshot templates a new database starts with
builder.AddRpcSecurity();                                      // Security: signature v1, replay window, throttling, request bounds
builder.AddApiDocs();                                          // Swagger: one operation per action
builder.AddUploads();                                          // Uploads: CreateUploadVideo's credentials, the OSS-compatible endpoint, upload events
builder.AddHealth();                                           // Health: readiness checks (database, ffmpeg and its minimum version, disk)
builder.AddTelemetry();                                        // Telemetry: the VodSnapshot meter, /metrics, OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set
builder.AddConsole();                                          // Console: the web console's access rule and embedded files

var app = builder.Build();

app.InitializeStorage();                                       // the state folders
await app.InitializeDatabaseAsync();                           // tables, upgrade of an older database; SQLite: folder lock, WAL
app.MapHealth();                                               // /healthz (readiness), /healthz/live
app.MapMetrics();                                              // /metrics for Prometheus
app.MapApiDocs();                                              // /swagger
app.MapJobsDashboard();                                        // /hangfire (read-only unless Jobs:DashboardReadOnly is false)
app.MapEmulator();                                             // /_emulator/jobs/{JobId}, /_emulator/callbacks: job states, delivery log, redelivery
app.MapConsole();                                              // /console/: the web console (on when anonymous calls are allowed, or for Console:AccessKeyId)
app.UseOssEndpoint();                                          // OSS subset on the same port: PutObject, multipart, HeadObject (signature V1, STS tokens)
app.UseRpcRequestLimits();                                     // Security: query, body and parameter-count bounds of the RPC surface
app.MapRpc();                                                  // GET|POST / ?Action=…
app.MapUploads();                                              // POST /uploads
app.MapSnapshotFiles();                                        // GET /{VideoId}/snapshots/{kind}/{file}
app.MapPlayback();                                             // GET|HEAD /{VideoId}/play/{VideoId}.{format}: GetPlayInfo's PlayURL, with ranges

app.Run();
