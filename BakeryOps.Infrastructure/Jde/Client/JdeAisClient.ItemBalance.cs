using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using BakeryOps.Infrastructure.Jde.Parsing;
using Microsoft.Extensions.Logging;

namespace BakeryOps.Infrastructure.Jde.Client;

public sealed partial class JdeAisClient
{
    /// <summary>
    /// Whether JDE's balance of record (F41021) can be read: always against the simulator, and against a real AIS only
    /// when <c>Jde:ItemBalanceUrl</c> names the orchestration. Without it, reconcile against the mirrored ledger's sum.
    /// </summary>
    public bool HasItemBalance => _settings.HasItemBalance;

    /// <summary>
    /// The on-hand of a branch per item, location and lot (F41021 PQOH, in each item's primary unit), optionally of one
    /// item, from the item balance orchestration in one read, with the read retries, timeouts and circuit breaker of a
    /// cardex read. The balance is complete or the call fails: an answer cut off at the orchestration's maximum records
    /// yields no rows at all.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="HasItemBalance"/> is false.</exception>
    /// <exception cref="JdeException">
    /// A failure after the read retries, or an answer cut off at the orchestration's maximum records.
    /// </exception>
    public async IAsyncEnumerable<JdeItemBalanceRow> StreamItemBalanceAsync(
        string branch, int? shortItemNumber = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var orchestration = _settings.ItemBalanceOrchestration;
        if (string.IsNullOrWhiteSpace(orchestration))
        {
            throw new InvalidOperationException(
                "This AIS has no item balance orchestration (Jde:ItemBalanceUrl is not set): check HasItemBalance and reconcile against the mirrored ledger's sum.");
        }

        var bu = JdeValues.PadBusinessUnit(branch).Trim();
        if (shortItemNumber is { } itm)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(itm, nameof(shortItemNumber));
        }

        var (root, format) = await SendAsync(CallKind.Read, orchestration, _ =>
        {
            var inputs = new JsonObject { ["bu"] = bu };
            if (shortItemNumber is { } item)
            {
                inputs["itm"] = item.ToString(CultureInfo.InvariantCulture);
            }

            return inputs;
        }, cancellationToken);
        List<JdeItemBalanceRow> rows;
        using (root)
        {
            rows = Parse(orchestration, () =>
            {
                var (rowset, more) = JdeRowReader.FindRowset(root.RootElement);
                if (more)
                {
                    // Missing rows would read as zero stock and show up as differences that are not there.
                    throw new JdeException(
                        $"{orchestration} cut the item balance of branch {bu} off at {rowset.GetArrayLength()} rows (its maximum records), " +
                        "so no balance was returned: raise the orchestration's maximum records on the AIS server above the branch's item location rows.");
                }

                return rowset.EnumerateArray().Select(row => JdeRowReader.ReadItemBalance(row, format)).ToList();
            });
        }

        LogItemBalance(orchestration, bu, rows.Count);
        foreach (var row in rows)
        {
            yield return row;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "JDE {Orchestration} returned {RowCount} item balance rows for branch {BusinessUnit}")]
    private partial void LogItemBalance(string orchestration, string businessUnit, int rowCount);
}
