using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace VodSnapshot.Api.Persistence.PostgreSql.Migrations
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
                    AppId = table.Column<string>(type: "text", nullable: false),
                    CallbackType = table.Column<string>(type: "text", nullable: false),
                    CallbackUrl = table.Column<string>(type: "text", nullable: true),
                    EventTypeList = table.Column<string>(type: "text", nullable: false),
                    AuthSwitch = table.Column<string>(type: "text", nullable: true),
                    AuthKey = table.Column<string>(type: "text", nullable: true),
                    MnsEndpoint = table.Column<string>(type: "text", nullable: true),
                    MnsQueueName = table.Column<string>(type: "text", nullable: true),
                    Source = table.Column<string>(type: "text", nullable: false),
                    ModifyTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageCallbacks", x => x.AppId);
                });

            migrationBuilder.CreateTable(
                name: "SeedRecords",
                columns: table => new
                {
                    Name = table.Column<string>(type: "text", nullable: false),
                    AppliedTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SeedRecords", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "SignatureNonces",
                columns: table => new
                {
                    Key = table.Column<string>(type: "text", nullable: false),
                    ExpiresAtTicks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignatureNonces", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "Videos",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    FileUrl = table.Column<string>(type: "text", nullable: false),
                    SourcePath = table.Column<string>(type: "text", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    Tags = table.Column<string>(type: "text", nullable: true),
                    CateId = table.Column<long>(type: "bigint", nullable: true),
                    CoverUrl = table.Column<string>(type: "text", nullable: true),
                    UserData = table.Column<string>(type: "text", nullable: true),
                    CallbackUrl = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "text", nullable: false),
                    AuditStatus = table.Column<string>(type: "text", nullable: true),
                    ProbeError = table.Column<string>(type: "text", nullable: true),
                    CreationTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ModificationTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DisplayHeight = table.Column<int>(type: "integer", nullable: false),
                    DisplayWidth = table.Column<int>(type: "integer", nullable: false),
                    DurationSeconds = table.Column<double>(type: "double precision", nullable: false),
                    FormatName = table.Column<string>(type: "text", nullable: true),
                    FrameRate = table.Column<double>(type: "double precision", nullable: false),
                    HasVideo = table.Column<bool>(type: "boolean", nullable: false),
                    Height = table.Column<int>(type: "integer", nullable: false),
                    IsConstantFrameRate = table.Column<bool>(type: "boolean", nullable: false),
                    KeyframeIntervalSeconds = table.Column<double>(type: "double precision", nullable: true),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    StartTimeSeconds = table.Column<double>(type: "double precision", nullable: false),
                    VideoCodec = table.Column<string>(type: "text", nullable: true),
                    Width = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Videos", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VodTemplates",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    TemplateType = table.Column<string>(type: "text", nullable: false),
                    TemplateConfig = table.Column<string>(type: "text", nullable: false),
                    AppId = table.Column<string>(type: "text", nullable: false),
                    IsDefault = table.Column<bool>(type: "boolean", nullable: false),
                    Source = table.Column<string>(type: "text", nullable: false),
                    CreationTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ModifyTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VodTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SnapshotJobs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    VideoId = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Spec = table.Column<string>(type: "text", nullable: false),
                    TemplateId = table.Column<string>(type: "text", nullable: true),
                    ReferenceId = table.Column<string>(type: "text", nullable: true),
                    PublicBaseUrl = table.Column<string>(type: "text", nullable: false),
                    CreationTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StartTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompleteTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Strategy = table.Column<string>(type: "text", nullable: true),
                    DecodedFrames = table.Column<long>(type: "bigint", nullable: true),
                    MinimumDecodedFrames = table.Column<long>(type: "bigint", nullable: true),
                    ErrorCode = table.Column<string>(type: "text", nullable: true),
                    ErrorMessage = table.Column<string>(type: "text", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    TraceParent = table.Column<string>(type: "text", nullable: true),
                    LeaseOwner = table.Column<string>(type: "text", nullable: true),
                    LeaseExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    VideoId = table.Column<string>(type: "text", nullable: false),
                    Bucket = table.Column<string>(type: "text", nullable: false),
                    ObjectKey = table.Column<string>(type: "text", nullable: false),
                    Endpoint = table.Column<string>(type: "text", nullable: false),
                    ObjectETag = table.Column<string>(type: "text", nullable: true),
                    ObjectSize = table.Column<long>(type: "bigint", nullable: true),
                    ObjectType = table.Column<string>(type: "text", nullable: true),
                    ObjectContentType = table.Column<string>(type: "text", nullable: true),
                    ObjectCrc64 = table.Column<string>(type: "text", nullable: true),
                    ObjectMeta = table.Column<string>(type: "text", nullable: true),
                    ObjectTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreationTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    JobId = table.Column<string>(type: "text", nullable: false),
                    VideoId = table.Column<string>(type: "text", nullable: false),
                    UploadUrl = table.Column<string>(type: "text", nullable: false),
                    Extension = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    UserData = table.Column<string>(type: "text", nullable: true),
                    FileSize = table.Column<long>(type: "bigint", nullable: true),
                    ErrorCode = table.Column<string>(type: "text", nullable: true),
                    ErrorMessage = table.Column<string>(type: "text", nullable: true),
                    CreationTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompleteTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    Id = table.Column<string>(type: "text", nullable: false),
                    VideoId = table.Column<string>(type: "text", nullable: false),
                    EventType = table.Column<string>(type: "text", nullable: false),
                    EventId = table.Column<string>(type: "text", nullable: false),
                    Url = table.Column<string>(type: "text", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    AttemptCount = table.Column<int>(type: "integer", nullable: false),
                    LastStatusCode = table.Column<int>(type: "integer", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    CreationTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompleteTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    Id = table.Column<string>(type: "text", nullable: false),
                    JobId = table.Column<string>(type: "text", nullable: false),
                    EventId = table.Column<string>(type: "text", nullable: false),
                    Url = table.Column<string>(type: "text", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Round = table.Column<int>(type: "integer", nullable: false),
                    AttemptCount = table.Column<int>(type: "integer", nullable: false),
                    RoundAttempts = table.Column<int>(type: "integer", nullable: false),
                    Fault = table.Column<string>(type: "text", nullable: true),
                    CreationTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    CompleteTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TraceParent = table.Column<string>(type: "text", nullable: true),
                    LeaseOwner = table.Column<string>(type: "text", nullable: true),
                    LeaseExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobId = table.Column<string>(type: "text", nullable: false),
                    VideoId = table.Column<string>(type: "text", nullable: false),
                    Type = table.Column<string>(type: "text", nullable: false),
                    Index = table.Column<int>(type: "integer", nullable: false),
                    RelativePath = table.Column<string>(type: "text", nullable: false),
                    PresentationTimeMs = table.Column<long>(type: "bigint", nullable: true)
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
                    UploadId = table.Column<string>(type: "text", nullable: false),
                    VideoId = table.Column<string>(type: "text", nullable: false),
                    ObjectKey = table.Column<string>(type: "text", nullable: false),
                    ContentType = table.Column<string>(type: "text", nullable: true),
                    Meta = table.Column<string>(type: "text", nullable: true),
                    CreationTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    AccessKeyId = table.Column<string>(type: "text", nullable: false),
                    AccessKeySecret = table.Column<string>(type: "text", nullable: false),
                    SecurityToken = table.Column<string>(type: "text", nullable: false),
                    VideoId = table.Column<string>(type: "text", nullable: false),
                    CreationTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpireTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DeliveryId = table.Column<string>(type: "text", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Round = table.Column<int>(type: "integer", nullable: false),
                    Time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Url = table.Column<string>(type: "text", nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    LatencyMs = table.Column<long>(type: "bigint", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true),
                    Succeeded = table.Column<bool>(type: "boolean", nullable: false)
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
                    UploadId = table.Column<string>(type: "text", nullable: false),
                    PartNumber = table.Column<int>(type: "integer", nullable: false),
                    ETag = table.Column<string>(type: "text", nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
