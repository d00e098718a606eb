using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VodSnapshot.Api.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MessageCallbacks",
                columns: table => new
                {
                    AppId = table.Column<string>(type: "TEXT", nullable: false),
                    CallbackType = table.Column<string>(type: "TEXT", nullable: false),
                    CallbackUrl = table.Column<string>(type: "TEXT", nullable: true),
                    EventTypeList = table.Column<string>(type: "TEXT", nullable: false),
                    AuthSwitch = table.Column<string>(type: "TEXT", nullable: true),
                    AuthKey = table.Column<string>(type: "TEXT", nullable: true),
                    MnsEndpoint = table.Column<string>(type: "TEXT", nullable: true),
                    MnsQueueName = table.Column<string>(type: "TEXT", nullable: true),
                    Source = table.Column<string>(type: "TEXT", nullable: false),
                    ModifyTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageCallbacks", x => x.AppId);
                });

            migrationBuilder.CreateTable(
                name: "SeedRecords",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    AppliedTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SeedRecords", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "SignatureNonces",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", nullable: false),
                    ExpiresAtTicks = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignatureNonces", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "Videos",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    FileUrl = table.Column<string>(type: "TEXT", nullable: false),
                    SourcePath = table.Column<string>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    Tags = table.Column<string>(type: "TEXT", nullable: true),
                    CateId = table.Column<long>(type: "INTEGER", nullable: true),
                    CoverUrl = table.Column<string>(type: "TEXT", nullable: true),
                    UserData = table.Column<string>(type: "TEXT", nullable: true),
                    CallbackUrl = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    AuditStatus = table.Column<string>(type: "TEXT", nullable: true),
                    ProbeError = table.Column<string>(type: "TEXT", nullable: true),
                    CreationTime = table.Column<long>(type: "INTEGER", nullable: false),
                    ModificationTime = table.Column<long>(type: "INTEGER", nullable: false),
                    DisplayHeight = table.Column<int>(type: "INTEGER", nullable: false),
                    DisplayWidth = table.Column<int>(type: "INTEGER", nullable: false),
                    DurationSeconds = table.Column<double>(type: "REAL", nullable: false),
                    FormatName = table.Column<string>(type: "TEXT", nullable: true),
                    FrameRate = table.Column<double>(type: "REAL", nullable: false),
                    HasVideo = table.Column<bool>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    IsConstantFrameRate = table.Column<bool>(type: "INTEGER", nullable: false),
                    KeyframeIntervalSeconds = table.Column<double>(type: "REAL", nullable: true),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    StartTimeSeconds = table.Column<double>(type: "REAL", nullable: false),
                    VideoCodec = table.Column<string>(type: "TEXT", nullable: true),
                    Width = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Videos", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VodTemplates",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    TemplateType = table.Column<string>(type: "TEXT", nullable: false),
                    TemplateConfig = table.Column<string>(type: "TEXT", nullable: false),
                    AppId = table.Column<string>(type: "TEXT", nullable: false),
                    IsDefault = table.Column<bool>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", nullable: false),
                    CreationTime = table.Column<long>(type: "INTEGER", nullable: false),
                    ModifyTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VodTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SnapshotJobs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    VideoId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    Spec = table.Column<string>(type: "TEXT", nullable: false),
                    TemplateId = table.Column<string>(type: "TEXT", nullable: true),
                    ReferenceId = table.Column<string>(type: "TEXT", nullable: true),
                    PublicBaseUrl = table.Column<string>(type: "TEXT", nullable: false),
                    CreationTime = table.Column<long>(type: "INTEGER", nullable: false),
                    StartTime = table.Column<long>(type: "INTEGER", nullable: true),
                    CompleteTime = table.Column<long>(type: "INTEGER", nullable: true),
                    Strategy = table.Column<string>(type: "TEXT", nullable: true),
                    DecodedFrames = table.Column<long>(type: "INTEGER", nullable: true),
                    MinimumDecodedFrames = table.Column<long>(type: "INTEGER", nullable: true),
                    ErrorCode = table.Column<string>(type: "TEXT", nullable: true),
                    ErrorMessage = table.Column<string>(type: "TEXT", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    TraceParent = table.Column<string>(type: "TEXT", nullable: true),
                    LeaseOwner = table.Column<string>(type: "TEXT", nullable: true),
                    LeaseExpiresAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SnapshotJobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SnapshotJobs_Videos_VideoId",
                        column: x => x.VideoId,
                        principalTable: "Videos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UploadGrant",
                columns: table => new
                {
                    VideoId = table.Column<string>(type: "TEXT", nullable: false),
                    Bucket = table.Column<string>(type: "TEXT", nullable: false),
                    ObjectKey = table.Column<string>(type: "TEXT", nullable: false),
                    Endpoint = table.Column<string>(type: "TEXT", nullable: false),
                    ObjectETag = table.Column<string>(type: "TEXT", nullable: true),
                    ObjectSize = table.Column<long>(type: "INTEGER", nullable: true),
                    ObjectType = table.Column<string>(type: "TEXT", nullable: true),
                    ObjectContentType = table.Column<string>(type: "TEXT", nullable: true),
                    ObjectCrc64 = table.Column<string>(type: "TEXT", nullable: true),
                    ObjectMeta = table.Column<string>(type: "TEXT", nullable: true),
                    ObjectTime = table.Column<long>(type: "INTEGER", nullable: true),
                    CreationTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UploadGrant", x => x.VideoId);
                    table.ForeignKey(
                        name: "FK_UploadGrant_Videos_VideoId",
                        column: x => x.VideoId,
                        principalTable: "Videos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UrlUploadJob",
                columns: table => new
                {
                    JobId = table.Column<string>(type: "TEXT", nullable: false),
                    VideoId = table.Column<string>(type: "TEXT", nullable: false),
                    UploadUrl = table.Column<string>(type: "TEXT", nullable: false),
                    Extension = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    UserData = table.Column<string>(type: "TEXT", nullable: true),
                    FileSize = table.Column<long>(type: "INTEGER", nullable: true),
                    ErrorCode = table.Column<string>(type: "TEXT", nullable: true),
                    ErrorMessage = table.Column<string>(type: "TEXT", nullable: true),
                    CreationTime = table.Column<long>(type: "INTEGER", nullable: false),
                    CompleteTime = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UrlUploadJob", x => x.JobId);
                    table.ForeignKey(
                        name: "FK_UrlUploadJob_Videos_VideoId",
                        column: x => x.VideoId,
                        principalTable: "Videos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VideoEventDelivery",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    VideoId = table.Column<string>(type: "TEXT", nullable: false),
                    EventType = table.Column<string>(type: "TEXT", nullable: false),
                    EventId = table.Column<string>(type: "TEXT", nullable: false),
                    Url = table.Column<string>(type: "TEXT", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    AttemptCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LastStatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    CreationTime = table.Column<long>(type: "INTEGER", nullable: false),
                    CompleteTime = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VideoEventDelivery", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VideoEventDelivery_Videos_VideoId",
                        column: x => x.VideoId,
                        principalTable: "Videos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CallbackDeliveries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    JobId = table.Column<string>(type: "TEXT", nullable: false),
                    EventId = table.Column<string>(type: "TEXT", nullable: false),
                    Url = table.Column<string>(type: "TEXT", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    Round = table.Column<int>(type: "INTEGER", nullable: false),
                    AttemptCount = table.Column<int>(type: "INTEGER", nullable: false),
                    RoundAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    Fault = table.Column<string>(type: "TEXT", nullable: true),
                    CreationTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    CompleteTime = table.Column<long>(type: "INTEGER", nullable: true),
                    TraceParent = table.Column<string>(type: "TEXT", nullable: true),
                    LeaseOwner = table.Column<string>(type: "TEXT", nullable: true),
                    LeaseExpiresAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallbackDeliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallbackDeliveries_SnapshotJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "SnapshotJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SnapshotImages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JobId = table.Column<string>(type: "TEXT", nullable: false),
                    VideoId = table.Column<string>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    RelativePath = table.Column<string>(type: "TEXT", nullable: false),
                    PresentationTimeMs = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SnapshotImages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SnapshotImages_SnapshotJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "SnapshotJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OssMultipartUpload",
                columns: table => new
                {
                    UploadId = table.Column<string>(type: "TEXT", nullable: false),
                    VideoId = table.Column<string>(type: "TEXT", nullable: false),
                    ObjectKey = table.Column<string>(type: "TEXT", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", nullable: true),
                    Meta = table.Column<string>(type: "TEXT", nullable: true),
                    CreationTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OssMultipartUpload", x => x.UploadId);
                    table.ForeignKey(
                        name: "FK_OssMultipartUpload_UploadGrant_VideoId",
                        column: x => x.VideoId,
                        principalTable: "UploadGrant",
                        principalColumn: "VideoId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UploadCredential",
                columns: table => new
                {
                    AccessKeyId = table.Column<string>(type: "TEXT", nullable: false),
                    AccessKeySecret = table.Column<string>(type: "TEXT", nullable: false),
                    SecurityToken = table.Column<string>(type: "TEXT", nullable: false),
                    VideoId = table.Column<string>(type: "TEXT", nullable: false),
                    CreationTime = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpireTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UploadCredential", x => x.AccessKeyId);
                    table.ForeignKey(
                        name: "FK_UploadCredential_UploadGrant_VideoId",
                        column: x => x.VideoId,
                        principalTable: "UploadGrant",
                        principalColumn: "VideoId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CallbackAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DeliveryId = table.Column<string>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Round = table.Column<int>(type: "INTEGER", nullable: false),
                    Time = table.Column<long>(type: "INTEGER", nullable: false),
                    Url = table.Column<string>(type: "TEXT", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    LatencyMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallbackAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallbackAttempts_CallbackDeliveries_DeliveryId",
                        column: x => x.DeliveryId,
                        principalTable: "CallbackDeliveries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OssMultipartPart",
                columns: table => new
                {
                    UploadId = table.Column<string>(type: "TEXT", nullable: false),
                    PartNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    ETag = table.Column<string>(type: "TEXT", nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Time = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OssMultipartPart", x => new { x.UploadId, x.PartNumber });
                    table.ForeignKey(
                        name: "FK_OssMultipartPart_OssMultipartUpload_UploadId",
                        column: x => x.UploadId,
                        principalTable: "OssMultipartUpload",
                        principalColumn: "UploadId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CallbackAttempts_DeliveryId_Number",
                table: "CallbackAttempts",
                columns: new[] { "DeliveryId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CallbackDeliveries_JobId_CreationTime",
                table: "CallbackDeliveries",
                columns: new[] { "JobId", "CreationTime" });

            migrationBuilder.CreateIndex(
                name: "IX_CallbackDeliveries_Status",
                table: "CallbackDeliveries",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_OssMultipartUpload_VideoId",
                table: "OssMultipartUpload",
                column: "VideoId");

            migrationBuilder.CreateIndex(
                name: "IX_SignatureNonces_ExpiresAtTicks",
                table: "SignatureNonces",
                column: "ExpiresAtTicks");

            migrationBuilder.CreateIndex(
                name: "IX_SnapshotImages_JobId_Type_Index",
                table: "SnapshotImages",
                columns: new[] { "JobId", "Type", "Index" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SnapshotJobs_ReferenceId",
                table: "SnapshotJobs",
                column: "ReferenceId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SnapshotJobs_VideoId_Status_CreationTime",
                table: "SnapshotJobs",
                columns: new[] { "VideoId", "Status", "CreationTime" });

            migrationBuilder.CreateIndex(
                name: "IX_UploadCredential_SecurityToken",
                table: "UploadCredential",
                column: "SecurityToken",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UploadCredential_VideoId",
                table: "UploadCredential",
                column: "VideoId");

            migrationBuilder.CreateIndex(
                name: "IX_UploadGrant_Bucket_ObjectKey",
                table: "UploadGrant",
                columns: new[] { "Bucket", "ObjectKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UrlUploadJob_UploadUrl_CreationTime",
                table: "UrlUploadJob",
                columns: new[] { "UploadUrl", "CreationTime" });

            migrationBuilder.CreateIndex(
                name: "IX_UrlUploadJob_VideoId",
                table: "UrlUploadJob",
                column: "VideoId");

            migrationBuilder.CreateIndex(
                name: "IX_VideoEventDelivery_Status",
                table: "VideoEventDelivery",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_VideoEventDelivery_VideoId_CreationTime",
                table: "VideoEventDelivery",
                columns: new[] { "VideoId", "CreationTime" });

            migrationBuilder.CreateIndex(
                name: "IX_Videos_FileUrl",
                table: "Videos",
                column: "FileUrl",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VodTemplates_AppId_TemplateType_CreationTime",
                table: "VodTemplates",
                columns: new[] { "AppId", "TemplateType", "CreationTime" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CallbackAttempts");

            migrationBuilder.DropTable(
                name: "MessageCallbacks");

            migrationBuilder.DropTable(
                name: "OssMultipartPart");

            migrationBuilder.DropTable(
                name: "SeedRecords");

            migrationBuilder.DropTable(
                name: "SignatureNonces");

            migrationBuilder.DropTable(
                name: "SnapshotImages");

            migrationBuilder.DropTable(
                name: "UploadCredential");

            migrationBuilder.DropTable(
                name: "UrlUploadJob");

            migrationBuilder.DropTable(
                name: "VideoEventDelivery");

            migrationBuilder.DropTable(
                name: "VodTemplates");

            migrationBuilder.DropTable(
                name: "CallbackDeliveries");

            migrationBuilder.DropTable(
                name: "OssMultipartUpload");

            migrationBuilder.DropTable(
                name: "SnapshotJobs");

            migrationBuilder.DropTable(
                name: "UploadGrant");

            migrationBuilder.DropTable(
                name: "Videos");
        }
    }
}
