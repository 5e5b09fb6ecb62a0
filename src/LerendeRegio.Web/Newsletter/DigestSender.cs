using System.IO;
using System.Net.Sockets;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Mail;
using ServiceNotConnectedException = MailKit.ServiceNotConnectedException;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Newsletter;

public sealed record BatchOutcome(int Sent, int Skipped, int Failed, int HeldElsewhere);

/// <summary>The batch could not finish (the mail server stayed unreachable, or others hold claims): try again later.</summary>
public sealed class DigestBatchIncompleteException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Sends one batch of a period's digests over one SMTP connection, exactly once per (subscriber, period):
/// <list type="number">
/// <item>Claim: a <see cref="DigestDelivery"/> row in state Sending with this run's claim token and a lease is inserted
/// for every confirmed subscriber of the batch without one (a unique key on (subscriber, period) makes a concurrent
/// batch's insert fail instead of double-claiming); Sending rows whose lease ran out (a crashed worker) are taken over.</item>
/// <item>Send: the Sent mark is written, fenced by the claim token, in the moment after the last byte of the message
/// and before SMTP's end-of-data mark (<see cref="IMailBatch.SendAsync(MimeKit.MimeMessage, Action, CancellationToken)"/>).
/// A server only accepts a message once that mark arrives. So a crash before the Sent mark leaves a Sending row for a
/// message the server discarded (resending it is right), and a crash after it leaves a Sent row for a message the server
/// accepts (the mark is already in the socket, or is written microseconds later). The one window where a digest can be
/// lost is the few microseconds between the committed mark and handing the end mark to the kernel; no window sends a
/// digest twice. If the claim was taken over meanwhile, the mark finds no row and the message is abandoned before the end mark.</item>
/// <item>After: a 5xx answer to the message turns the row into Failed (shown to editors), a 4xx back into Sending for a
/// retry; a connection lost after the end mark keeps Sent (the server most probably accepted; at most once).</item>
/// </list>
/// </summary>
public sealed class DigestSender(
    LerendeRegioDbContext db,
    IMailTransport transport,
    DigestComposer composer,
    IOptions<NewsletterOptions> options,
    TimeProvider clock,
    ILogger<DigestSender> logger)
{
    private const int MaxAttempts = 4, RenewEvery = 50;
    private static readonly TimeSpan[] BackOff = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20)];

    private DbSet<DigestDelivery> Deliveries => db.Set<DigestDelivery>();

    /// <summary>Delay before transient retries; tests shorten it.</summary>
    internal Func<int, TimeSpan> RetryDelay { get; set; } = attempt => BackOff[Math.Min(attempt, BackOff.Length - 1)];

    public async Task<BatchOutcome> SendAsync(DigestEdition edition, long fromId, long toId, CancellationToken ct = default)
    {
        var period = edition.Period.Key;
        var token = Guid.NewGuid().ToString("N");
        // One connection for the whole batch. On SQLite it commits in WAL mode with synchronous=NORMAL (the setting the
        // setup intends; PRAGMA synchronous holds per connection): a Sent mark then survives a crash of this process
        // but not a power cut of the machine, and costs no fsync per message.
        await db.Database.OpenConnectionAsync(ct);
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;", ct);
        var claimed = await ClaimAsync(period, fromId, toId, token, ct);
        var searches = claimed.Count > 0 ? await SavedSearchService.ActiveForRangeAsync(db, fromId, toId, ct) : null;
        using var sentMark = new SentMark(db.Database.GetDbConnection());
        int sent = 0, skipped = 0, failed = 0;
        await using var connection = new Connection(transport);
        try
        {
            // The next digest is composed while the current one is on the wire (CPU work next to network waits).
            Task<ComposedDigest>? next = claimed.Count > 0 ? composer.ComposeAsync(edition, claimed[0].Subscriber, [.. searches![claimed[0].Subscriber.Id]], ct: ct) : null;
            for (var i = 0; i < claimed.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                if (i > 0 && i % RenewEvery == 0) await RenewAsync(token, ct);
                var (delivery, _) = claimed[i];
                var digest = await next!;
                if (i + 1 < claimed.Count)
                {
                    var following = claimed[i + 1].Subscriber;
                    next = Task.Run(() => composer.ComposeAsync(edition, following, [.. searches![following.Id]], ct: ct), ct);
                }
                // Nothing new is skipped with SkipEmpty; someone who asked for nothing at all (general digest off, no saved
                // search) gets nothing either way.
                if (digest.ItemCount == 0 && (options.Value.SkipEmpty || digest.NothingSubscribed))
                {
                    await SettleAsync(delivery.Id, token, DeliveryState.Skipped, null, 0, ct);
                    skipped++;
                    continue;
                }
                var state = await DeliverAsync(connection, sentMark, delivery, digest, token, ct);
                if (state == DeliveryState.Sent) sent++;
                else if (state == DeliveryState.Failed) failed++;
            }
        }
        catch
        {
            // Whatever is still only claimed can be taken over at once by the retry, instead of after the lease.
            await ReleaseAsync(token, CancellationToken.None);
            throw;
        }
        var held = await Deliveries.CountAsync(d => d.Period == period && d.SubscriberId >= fromId && d.SubscriberId <= toId
            && d.State == DeliveryState.Sending, ct);
        return new BatchOutcome(sent, skipped, failed, held);
    }

    private async Task<DeliveryState> DeliverAsync(Connection connection, SentMark sentMark, DigestDelivery delivery, ComposedDigest digest, string token, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var marked = false;
            try
            {
                IMailBatch batch;
                try
                {
                    batch = await connection.OpenAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A server that cannot be reached or refuses our login is no reason to fail a subscriber's digest.
                    throw new ConnectionFailedException(e);
                }
                await batch.SendAsync(digest.Message, () =>
                {
                    // Synchronous on purpose: this runs between the message's last byte and its end-of-data mark.
                    marked = sentMark.Mark(delivery.Id, token, clock.GetUtcNow().UtcDateTime, digest.Message.MessageId!, digest.ItemCount);
                    if (!marked) throw new ClaimLostException();
                }, ct);
                return DeliveryState.Sent;
            }
            catch (ClaimLostException)
            {
                logger.LogWarning("Digest {Period} for subscriber {Subscriber}: the claim was taken over; not sent by this worker", delivery.Period, delivery.SubscriberId);
                await connection.CloseAsync();
                return DeliveryState.Sending;
            }
            catch (Exception e) when (e is not OperationCanceledException and not ConnectionFailedException && MailFailures.IsPermanent(e))
            {
                logger.LogWarning(e, "Digest {Period} for subscriber {Subscriber} refused for good", delivery.Period, delivery.SubscriberId);
                await SettleAsync(delivery.Id, marked ? null : token, DeliveryState.Failed, Describe(e), digest.ItemCount, ct);
                if (e is not SmtpCommandException) await connection.CloseAsync();
                return DeliveryState.Failed;
            }
            catch (Exception e) when (marked && e is not SmtpCommandException and not OperationCanceledException)
            {
                // The end-of-data mark was written; only the answer got lost. Most probably accepted: keep Sent (at most once).
                logger.LogWarning(e, "Digest {Period} for subscriber {Subscriber}: connection lost after the end of data; kept as sent", delivery.Period, delivery.SubscriberId);
                await connection.CloseAsync();
                return DeliveryState.Sent;
            }
            catch (Exception e) when (e is ConnectionFailedException || IsTransient(e))
            {
                if (marked)
                {
                    // The server answered 4xx to the message itself: it did not take it.
                    await Deliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
                        .SetProperty(d => d.State, DeliveryState.Sending).SetProperty(d => d.SentUtc, (DateTime?)null), ct);
                }
                // After a 4xx to a command MailKit has reset the transaction and the connection is fine; otherwise start afresh.
                if (e is not SmtpCommandException) await connection.CloseAsync();
                var cause = e is ConnectionFailedException ? e.InnerException! : e;
                if (attempt + 1 >= MaxAttempts)
                    throw new DigestBatchIncompleteException($"The mail server kept failing ({cause.Message}); the batch will be retried.", cause);
                logger.LogInformation("Digest {Period}: transient failure ({Message}); retrying", delivery.Period, cause.Message);
                await Task.Delay(RetryDelay(attempt), ct);
            }
        }
    }

    /// <summary>The batch's one SMTP connection, opened on first use and again after it broke.</summary>
    private sealed class Connection(IMailTransport transport) : IAsyncDisposable
    {
        private IMailBatch? _batch;

        public async Task<IMailBatch> OpenAsync(CancellationToken ct) => _batch ??= await transport.OpenBatchAsync(ct);

        public async Task CloseAsync()
        {
            var batch = _batch;
            _batch = null;
            if (batch is not null) await batch.DisposeAsync();
        }

        public ValueTask DisposeAsync() => new(CloseAsync());
    }

    private sealed class ConnectionFailedException(Exception inner) : Exception(inner.Message, inner);

    private static bool IsTransient(Exception e) => e is SmtpCommandException or IOException or SocketException or SmtpProtocolException
        or ServiceNotConnectedException or TimeoutException;

    private static string Describe(Exception e) => (e is SmtpCommandException c ? $"{(int)c.StatusCode} {c.Message}" : e.Message) is var text && text.Length > 1000 ? text[..1000] : text;

    /// <summary>
    /// The Sent mark as one prepared statement on the batch's connection, reused for every message: it runs inside the
    /// SMTP send, so it should cost as little as possible. Only the row with this run's claim token, still Sending, changes.
    /// </summary>
    private sealed class SentMark : IDisposable
    {
        private readonly System.Data.Common.DbCommand _command;
        private readonly System.Data.Common.DbParameter _id, _token, _now, _messageId, _items;

        public SentMark(System.Data.Common.DbConnection connection)
        {
            _command = connection.CreateCommand();
            _command.CommandText = """
                UPDATE "NewsletterDeliveries" SET "State" = 'Sent', "SentUtc" = @now, "MessageId" = @messageId, "ItemCount" = @items, "Error" = NULL
                WHERE "Id" = @id AND "ClaimToken" = @token AND "State" = 'Sending'
                """;
            (_id, _token, _now, _messageId, _items) = (Add("@id"), Add("@token"), Add("@now"), Add("@messageId"), Add("@items"));
        }

        private System.Data.Common.DbParameter Add(string name)
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = name;
            _command.Parameters.Add(parameter);
            return parameter;
        }

        public bool Mark(long id, string token, DateTime nowUtc, string messageId, int items)
        {
            (_id.Value, _token.Value, _now.Value, _messageId.Value, _items.Value) = (id, token, nowUtc, messageId, items);
            return _command.ExecuteNonQuery() == 1;
        }

        public void Dispose() => _command.Dispose();
    }

    private async Task SettleAsync(long id, string? token, DeliveryState state, string? error, int itemCount, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await Deliveries.Where(d => d.Id == id && (token == null || d.ClaimToken == token))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, state).SetProperty(d => d.Error, error).SetProperty(d => d.ItemCount, itemCount)
                .SetProperty(d => d.SentUtc, state == DeliveryState.Failed ? null : now), ct);
    }

    private async Task<List<(DigestDelivery Delivery, Subscriber Subscriber)>> ClaimAsync(string period, long fromId, long toId, string token, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lease = now.AddSeconds(options.Value.ClaimSeconds);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // One statement for the whole batch: every confirmed subscriber of the range without a record gets one.
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO "NewsletterDeliveries" ("SubscriberId", "Period", "State", "ClaimToken", "LeaseUntilUtc", "Attempts", "ItemCount", "CreatedUtc")
                    SELECT s."Id", {period}, 'Sending', {token}, {lease}, 1, 0, {now}
                    FROM "NewsletterSubscribers" s
                    WHERE s."Status" = 'Confirmed' AND s."Id" >= {fromId} AND s."Id" <= {toId}
                      AND NOT EXISTS (SELECT 1 FROM "NewsletterDeliveries" d WHERE d."SubscriberId" = s."Id" AND d."Period" = {period})
                    """, ct);
                break;
            }
            catch (Exception e) when (attempt < 5 && e is DbUpdateException or System.Data.Common.DbException)
            {
                // Another batch of the same period (a second "send now") claimed some of these at the same moment: the
                // unique key refused ours; look again at what is left.
                logger.LogDebug(e, "Digest claim collided; trying again");
            }
        }
        db.ChangeTracker.Clear();
        // Claims of a crashed worker: their lease has run out.
        await Deliveries.Where(d => d.Period == period && d.SubscriberId >= fromId && d.SubscriberId <= toId && d.State == DeliveryState.Sending
                && d.ClaimToken != token && d.LeaseUntilUtc < now)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimToken, token).SetProperty(d => d.LeaseUntilUtc, lease).SetProperty(d => d.Attempts, d => d.Attempts + 1), ct);
        return (await Deliveries.AsNoTracking()
                .Where(d => d.ClaimToken == token && d.State == DeliveryState.Sending)
                .Join(db.Set<Subscriber>().AsNoTracking(), d => d.SubscriberId, s => s.Id, (d, s) => new { d, s })
                .OrderBy(x => x.s.Id)
                .ToListAsync(ct))
            .Select(x => (x.d, x.s)).ToList();
    }

    private async Task RenewAsync(string token, CancellationToken ct)
    {
        var lease = clock.GetUtcNow().UtcDateTime.AddSeconds(options.Value.ClaimSeconds);
        await Deliveries.Where(d => d.ClaimToken == token && d.State == DeliveryState.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseUntilUtc, lease), ct);
    }

    private async Task ReleaseAsync(string token, CancellationToken ct)
    {
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await Deliveries.Where(d => d.ClaimToken == token && d.State == DeliveryState.Sending)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseUntilUtc, now.AddSeconds(-1)), ct);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogWarning(e, "Could not release digest claims; they free up when their lease runs out");
        }
    }

    private sealed class ClaimLostException() : Exception("The delivery's claim was taken over by another worker.");
}
