using System.Globalization;
using BakeryOps.Domain.Analytics;
using Microsoft.AspNetCore.Components;

namespace BakeryOps.Portal.Components.Pages.Analytics;

public sealed partial class PivotFilterEditor
{
    private string? _field;
    private string _op = FilterOps.Equal;
    private string? _text;
    private string? _to;
    private string? _range;
    private DateTime? _dateFrom;
    private DateTime? _dateTo;

    private enum ValueKind
    {
        Text,
        List,
        Between,
        Date,
        DateBetween,
        Range,
        Boolean,
    }

    /// <summary>The dataset's fields a filter may name.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<PivotFieldInfo> Fields { get; set; } = [];

    /// <summary>The filter to edit, or null for a new one.</summary>
    [Parameter] public PivotFilter? Filter { get; set; }

    [Parameter] public EventCallback<PivotFilter> OnApply { get; set; }

    [Parameter] public EventCallback OnCancel { get; set; }

    private PivotFieldInfo? Field => Fields.FirstOrDefault(f => f.Name == _field);

    private bool IsDate => Field?.Type is PivotFieldType.Date or PivotFieldType.Instant;

    private ValueKind Kind => _op switch
    {
        FilterOps.Range => ValueKind.Range,
        FilterOps.Between => IsDate ? ValueKind.DateBetween : ValueKind.Between,
        FilterOps.AtLeast or FilterOps.AtMost when IsDate => ValueKind.Date,
        FilterOps.In or FilterOps.NotIn => ValueKind.List,
        _ when Field?.Type == PivotFieldType.Boolean => ValueKind.Boolean,
        _ => ValueKind.Text,
    };

    protected override void OnInitialized()
    {
        if (Filter is null)
        {
            _field = Fields.FirstOrDefault()?.Name;
            _op = PivotFilterText.OpsFor(Field?.Type, null)[0];
            return;
        }

        // Loads the filter's values into the inputs its operation uses.
        _field = Filter.Field;
        _op = Filter.Op;
        var values = Filter.Values;
        switch (Kind)
        {
            case ValueKind.Range:
                _range = values.FirstOrDefault();
                break;
            case ValueKind.Date or ValueKind.DateBetween:
                _dateFrom = ParseDate(values.ElementAtOrDefault(0));
                _dateTo = ParseDate(values.ElementAtOrDefault(1));
                break;
            case ValueKind.Between:
                _text = values.ElementAtOrDefault(0);
                _to = values.ElementAtOrDefault(1);
                break;
            case ValueKind.List:
                _text = string.Join('\n', values.Select(v => v ?? PivotFormat.Blank));
                break;
            default:
                _text = values.Count > 0 ? values[0] ?? PivotFormat.Blank : null;
                break;
        }
    }

    private void OnFieldChanged(string field)
    {
        var type = Field?.Type;
        _field = field;
        var ops = PivotFilterText.OpsFor(Field?.Type, null);
        // Another kind of field starts from its own first operation (a date from its named ranges), with empty inputs.
        if (Field?.Type != type || !ops.Contains(_op))
        {
            _op = ops[0];
            (_text, _to, _range, _dateFrom, _dateTo) = (null, null, null, null, null);
        }
    }

    private void OnOpChanged(string op) => _op = op;

    /// <summary>The values the inputs hold for the operation, or null while one is missing.</summary>
    private List<string?>? Values()
    {
        List<string?> values = Kind switch
        {
            ValueKind.Range => [_range],
            ValueKind.DateBetween => [DateText(_dateFrom), DateText(_dateTo)],
            ValueKind.Date => [DateText(_dateFrom)],
            ValueKind.Between => [_text?.Trim(), _to?.Trim()],
            ValueKind.List => [.. (_text ?? "").Split('\n').Select(v => v.Trim()).Where(v => v.Length > 0).Select(BlankToNull)],
            _ => [BlankToNull(_text ?? "")],
        };
        // A blank is a value where it can be typed as one; an empty input is not, nor a missing end of a range.
        var blankAllowed = Kind is ValueKind.Text or ValueKind.List;
        return _field is null || values.Count == 0 || values.Any(v => v is "" || (v is null && !blankAllowed)) ? null : values;
    }

    private async Task ApplyAsync()
    {
        if (_field is not null && Values() is { } values)
        {
            await OnApply.InvokeAsync(new PivotFilter(_field, _op, values));
        }
    }

    private static string? BlankToNull(string text) => text == PivotFormat.Blank ? null : text;

    private static string DateText(DateTime? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static DateTime? ParseDate(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date.Date : null;
}
