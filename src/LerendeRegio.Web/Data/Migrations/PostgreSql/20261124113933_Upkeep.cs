using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LerendeRegio.Web.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Upkeep : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UpkeepAnswers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ContentItemId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AnsweredUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StillCurrent = table.Column<bool>(type: "boolean", nullable: false),
                    AppliedElsewhere = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AnsweredBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UpkeepAnswers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UpkeepReminders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ContentItemId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Milestone = table.Column<int>(type: "integer", nullable: false),
                    Recipient = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SentUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UpkeepReminders", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UpkeepAnswers_ContentItemId_AnsweredUtc",
                table: "UpkeepAnswers",
                columns: new[] { "ContentItemId", "AnsweredUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_UpkeepReminders_ContentItemId_Milestone",
                table: "UpkeepReminders",
                columns: new[] { "ContentItemId", "Milestone" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UpkeepAnswers");

            migrationBuilder.DropTable(
                name: "UpkeepReminders");
        }
    }
}
