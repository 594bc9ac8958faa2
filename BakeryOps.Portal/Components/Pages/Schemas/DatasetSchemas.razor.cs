using BakeryOps.Domain.Schemas;
using BakeryOps.Infrastructure.Schemas;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using BakeryOps.Portal.Audit;

namespace BakeryOps.Portal.Components.Pages.Schemas;

/// <summary>
/// The schema registry: datasets with their current version, compatibility mode and any action required; per dataset
/// its versions, a side-by-side diff of two of them, and PostgreSQL DDL with a copy button. Admins change the mode.
/// </summary>
public sealed partial class DatasetSchemas
{
    private IReadOnlyList<SchemaDatasetView> _datasets = [];
    private SchemaDatasetVersionsView? _selected;
    private bool _isAdmin;
    private string _userName = "";
    private string? _mode;
    private int _diffFrom;
    private int _diffTo;
    private SchemaDiffView? _diff;
    private List<DiffRow> _diffRows = [];
    private int _ddlVersion;
    private int _ddlFrom;
    private string? _ddl;
    private string? _copyResult;

    [Inject] private SchemaCatalog Catalog { get; set; } = default!;
    [Inject] private PageAudit Audit { get; set; } = default!;
    [Inject] private AuthenticationStateProvider AuthenticationState { get; set; } = default!;
    [Inject] private IAuthorizationService Authorization { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;

    /// <summary>Opens this dataset at first render (<c>/schemas?dataset=...</c>).</summary>
    [SupplyParameterFromQuery(Name = "dataset")]
    public string? Dataset { get; set; }

    protected override string PageName => "Schemas";

    protected override string Dependencies => "The lake or the database";

    protected override async Task OnInitializedAsync()
    {
        var state = await AuthenticationState.GetAuthenticationStateAsync();
        _userName = state.User.Identity?.Name ?? "unknown";
        _isAdmin = (await Authorization.AuthorizeAsync(state.User, Policies.Admin)).Succeeded;
        await RunAsync(async () => _datasets = await Catalog.ListDatasetsAsync(Cancellation));
        if (!string.IsNullOrEmpty(Dataset))
        {
            await SelectAsync(Dataset);
        }
    }

    private Task SelectAsync(string dataset) => RunAsync(async () =>
    {
        _selected = await Catalog.GetDatasetAsync(dataset, Cancellation);
        _mode = _selected.Dataset.Compatibility;
        _diff = null;
        _diffRows = [];
        _ddl = null;
        _copyResult = null;
        var versions = _selected.Versions;
        if (versions.Count == 0)
        {
            return;
        }

        // Open on what most often matters: the latest change, and the current table.
        var latest = versions[^1].Version;
        await ShowDiffAsync(versions.Count > 1 ? versions[^2].Version : latest, latest);
        await ShowDdlAsync(latest, 0);
    });

    private Task ChangeDiffAsync(int from, int to) => RunAsync(() => ShowDiffAsync(from, to));

    private Task ChangeDdlAsync(int version, int from) => RunAsync(() => ShowDdlAsync(version, from < version ? from : 0));

    private async Task ShowDiffAsync(int from, int to)
    {
        var dataset = _selected!.Dataset.Dataset;
        _diffFrom = from;
        _diffTo = to;
        var before = await Catalog.GetVersionAsync(dataset, from, Cancellation);
        var after = await Catalog.GetVersionAsync(dataset, to, Cancellation);
        var difference = SchemaDiff.Compare(before.Schema, after.Schema);
        _diff = SchemaDiffView.Of(dataset, from, to, difference);
        _diffRows = DiffRow.Build(before.Schema, after.Schema, difference);
    }

    private async Task ShowDdlAsync(int version, int from)
    {
        _ddlVersion = version;
        _ddlFrom = from;
        _copyResult = null;
        _ddl = await Catalog.DdlAsync(_selected!.Dataset.Dataset, version, from == 0 ? null : from, Cancellation);
    }

    private Task SaveCompatibilityAsync() => RunAsync(async () =>
    {
        if (!_isAdmin || _selected is null || !CompatibilityModes.TryParse(_mode, out var mode))
        {
            return;
        }

        var updated = await Catalog.SetCompatibilityAsync(_selected.Dataset.Dataset, mode, _userName, Cancellation);
        await Audit.RecordAsync(actor => SettingsAudit.DatasetCompatibility(actor, updated.Dataset, updated.Compatibility, PageAudit.Method));
        _selected = _selected with { Dataset = updated };
        _mode = updated.Compatibility;
        _datasets = [.. _datasets.Select(d => d.Dataset == updated.Dataset ? updated : d)];
    });

    private async Task CopyDdlAsync()
    {
        if (_ddl is null)
        {
            return;
        }

        try
        {
            await Js.InvokeVoidAsync("navigator.clipboard.writeText", Cancellation, _ddl);
            _copyResult = "Copied to the clipboard.";
        }
        catch (JSException)
        {
            // Browsers refuse the clipboard outside secure contexts (plain http on another host) or without permission.
            _copyResult = "The browser did not allow copying: select the DDL and copy it by hand.";
        }
    }

    private string DatasetRowClass(SchemaDatasetView dataset, int index) =>
        dataset.Dataset == _selected?.Dataset.Dataset ? "mud-selected-item schema-dataset-row" : "schema-dataset-row";

    private static string DiffSummary(SchemaDiffView diff) =>
        diff.Added.Count + diff.Removed.Count + diff.Changed.Count == 0
            ? $"v{diff.From} and v{diff.To} have the same columns."
            : $"{diff.Added.Count} added, {diff.Removed.Count} removed, {diff.Changed.Count} changed.";

    private static string FieldText(SchemaField? field) =>
        field is null ? "" : $"{field.Name} {SchemaFieldView.TypeOf(field)}{(field.Nullable ? "" : " not null")}";

    // Tints rather than palette fills: the row text stays readable in both themes.
    private static string RowStyle(string kind) => kind switch
    {
        "added" => "background-color: rgba(46, 125, 50, 0.16)",
        "removed" => "background-color: rgba(198, 40, 40, 0.16); text-decoration: line-through",
        "changed" => "background-color: rgba(237, 108, 2, 0.18)",
        _ => "",
    };

    /// <summary>One line of the side-by-side diff: the column in each version, and how it changed.</summary>
    private sealed record DiffRow(string Name, string Kind, SchemaField? Before, SchemaField? After)
    {
        public static List<DiffRow> Build(DatasetSchema from, DatasetSchema to, SchemaDifference difference)
        {
            var before = from.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
            var changed = difference.Changed.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            var rows = to.Fields.Select(field => before.TryGetValue(field.Name, out var old)
                ? new DiffRow(field.Name, changed.Contains(field.Name) ? "changed" : "same", old, field)
                : new DiffRow(field.Name, "added", null, field)).ToList();
            var kept = to.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            rows.AddRange(from.Fields.Where(f => !kept.Contains(f.Name)).Select(f => new DiffRow(f.Name, "removed", f, null)));
            return rows;
        }
    }
}
