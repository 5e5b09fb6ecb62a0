using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LerendeRegio.Web.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ContentItemId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AnsweredUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StillCurrent = table.Column<bool>(type: "INTEGER", nullable: false),
                    AppliedElsewhere = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UpkeepAnswers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UpkeepReminders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ContentItemId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Milestone = table.Column<int>(type: "INTEGER", nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
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
