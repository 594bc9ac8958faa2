using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace BakeryOps.Domain.Schemas;

/// <summary>Infers a dataset's schema from all of its records.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>Fields are in order of first appearance; a field missing or null in any record (or nested object) is nullable.</item>
/// <item>Numbers widen: int with long gives Int64; any fractional value gives Decimal whose precision and scale cover
/// every value (the largest integer part plus the largest scale). A decimal's scale is its own scale, trailing zeros
/// included (12.50m has scale 2), so values read from a numeric(p,s) column keep the column's scale from flow to flow.</item>
/// <item>Other mixes of kinds (a boolean in one record, a string in another; a date and a timestamp; an object and a
/// number) give String, holding each value's invariant text (dates ISO 8601, "true"/"false") or JSON; MaxLength covers
/// those texts, and is left unknown when objects or arrays are in the mix.</item>
/// <item>JSON strings stay strings: no date is guessed from text.</item>
/// <item>A field that is null in every record is a nullable String: nothing says otherwise.</item>
/// <item>An array whose elements were never seen (always empty) has no Items.</item>
/// </list>
/// </remarks>
public static class SchemaInference
{
    /// <summary>
    /// Records are name/value maps of CLR values: bool, int, long, decimal, double, string, DateOnly, DateTime,
    /// DateTimeOffset, nested maps (objects), sequences (arrays), JsonElement, or null.
    /// </summary>
    /// <exception cref="ArgumentException">A value has a type the lake cannot write, or is a NaN or infinite number.</exception>
    public static DatasetSchema Infer(string dataset, IEnumerable<IReadOnlyDictionary<string, object?>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var shape = new ObjectShape();
        foreach (var record in records)
        {
            shape.Add(record.Select(pair => (pair.Key, pair.Value)), "");
        }

        return new DatasetSchema(dataset, shape.ToFields());
    }

    [Flags]
    private enum Kinds
    {
        None = 0,
        Boolean = 1,
        Int32 = 2,
        Int64 = 4,
        Decimal = 8,
        String = 16,
        Date = 32,
        Timestamp = 64,
        Object = 128,
        Array = 256,
        Numeric = Int32 | Int64 | Decimal,
    }

    /// <summary>Members of every object seen at one place, in order of first appearance.</summary>
    private sealed class ObjectShape
    {
        private readonly Dictionary<string, ValueShape> _members = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];
        private int _objects;

        public void Add(IEnumerable<(string Name, object? Value)> members, string path)
        {
            _objects++;
            foreach (var (name, value) in members)
            {
                if (!_members.TryGetValue(name, out var member))
                {
                    _members[name] = member = new ValueShape();
                    _order.Add(name);
                }

                member.Add(value, path.Length == 0 ? name : $"{path}.{name}");
            }
        }

        public List<SchemaField> ToFields() =>
            _order.Select(name => _members[name].ToField(name, missingSomewhere: _members[name].Present < _objects)).ToList();
    }

    /// <summary>Everything seen for one field: kinds, sizes, and the shapes of nested objects and array elements.</summary>
    private sealed class ValueShape
    {
        private Kinds _kinds;
        private bool _null;
        private int _maxIntegerDigits;
        private int _maxScale;
        private int _maxTextLength;
        private ObjectShape? _object;
        private ValueShape? _items;

        /// <summary>How many times the field had a key (null values included), to find records that lack it.</summary>
        public int Present { get; private set; }

        public void Add(object? value, string path)
        {
            Present++;
            switch (value)
            {
                case null:
                    _null = true;
                    break;
                case JsonElement element:
                    AddJson(element, path);
                    break;
                case bool b:
                    Scalar(Kinds.Boolean, b ? "true" : "false");
                    break;
                case byte or sbyte or short or ushort or int:
                    Integer(Convert.ToInt64(value, CultureInfo.InvariantCulture), Kinds.Int32);
                    break;
                case uint or long:
                    Integer(Convert.ToInt64(value, CultureInfo.InvariantCulture), Kinds.Int64);
                    break;
                case ulong u:
                    if (u <= long.MaxValue)
                    {
                        Integer((long)u, Kinds.Int64);
                    }
                    else
                    {
                        Number(u);
                    }

                    break;
                case decimal d:
                    Number(d);
                    break;
                case double or float:
                    Number(ToDecimal(Convert.ToDouble(value, CultureInfo.InvariantCulture), path));
                    break;
                case string s:
                    Scalar(Kinds.String, s);
                    break;
                case char c:
                    Scalar(Kinds.String, c.ToString());
                    break;
                case DateOnly date:
                    Scalar(Kinds.Date, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    break;
                case DateTime dateTime:
                    Scalar(Kinds.Timestamp, dateTime.ToString("O", CultureInfo.InvariantCulture));
                    break;
                case DateTimeOffset instant:
                    Scalar(Kinds.Timestamp, instant.ToString("O", CultureInfo.InvariantCulture));
                    break;
                case IEnumerable<KeyValuePair<string, object?>> map:
                    AddObject(map.Select(pair => (pair.Key, pair.Value)), path);
                    break;
                case IDictionary dictionary:
                    AddObject(dictionary.Cast<DictionaryEntry>().Select(e => (Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? "", e.Value)), path);
                    break;
                case IEnumerable sequence:
                    AddArray(sequence.Cast<object?>(), path);
                    break;
                default:
                    throw new ArgumentException($"Field '{path}' holds a {value.GetType().Name}, which the lake cannot write.", nameof(value));
            }
        }

        public SchemaField ToField(string name, bool missingSomewhere)
        {
            var nullable = _null || missingSomewhere;
            return _kinds switch
            {
                Kinds.None => new SchemaField(name, SchemaFieldType.String, Nullable: true),
                Kinds.Boolean => new SchemaField(name, SchemaFieldType.Boolean, nullable),
                Kinds.Int32 => new SchemaField(name, SchemaFieldType.Int32, nullable),
                Kinds.Int64 or (Kinds.Int32 | Kinds.Int64) => new SchemaField(name, SchemaFieldType.Int64, nullable),
                Kinds.Date => new SchemaField(name, SchemaFieldType.Date, nullable),
                Kinds.Timestamp => new SchemaField(name, SchemaFieldType.Timestamp, nullable),
                Kinds.String => new SchemaField(name, SchemaFieldType.String, nullable, MaxLength: _maxTextLength),
                Kinds.Object => new SchemaField(name, SchemaFieldType.Object, nullable, Fields: _object!.ToFields()),
                Kinds.Array => new SchemaField(name, SchemaFieldType.Array, nullable, Items: _items?.ToField("item", missingSomewhere: false)),
                _ when (_kinds & ~Kinds.Numeric) == Kinds.None => new SchemaField(
                    name, SchemaFieldType.Decimal, nullable, Math.Max(1, _maxIntegerDigits + _maxScale), _maxScale),
                // Objects and arrays in the mix are JSON-encoded by the writer, so their length is not known here.
                _ => new SchemaField(name, SchemaFieldType.String, nullable,
                    MaxLength: (_kinds & (Kinds.Object | Kinds.Array)) == Kinds.None ? _maxTextLength : null),
            };
        }

        private void AddJson(JsonElement element, string path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Null or JsonValueKind.Undefined:
                    _null = true;
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    Scalar(Kinds.Boolean, element.ValueKind == JsonValueKind.True ? "true" : "false");
                    break;
                case JsonValueKind.String:
                    Scalar(Kinds.String, element.GetString()!);
                    break;
                case JsonValueKind.Number when element.TryGetInt32(out var i):
                    Integer(i, Kinds.Int32);
                    break;
                case JsonValueKind.Number when element.TryGetInt64(out var l):
                    Integer(l, Kinds.Int64);
                    break;
                case JsonValueKind.Number when element.TryGetDecimal(out var d):
                    Number(d);
                    break;
                case JsonValueKind.Number:
                    throw new ArgumentException($"Field '{path}' holds the number {element.GetRawText()}, beyond what a decimal holds.", nameof(element));
                case JsonValueKind.Object:
                    AddObject(element.EnumerateObject().Select(p => (p.Name, (object?)p.Value)), path);
                    break;
                case JsonValueKind.Array:
                    AddArray(element.EnumerateArray().Select(e => (object?)e), path);
                    break;
            }
        }

        private void AddObject(IEnumerable<(string Name, object? Value)> members, string path)
        {
            _kinds |= Kinds.Object;
            _object ??= new ObjectShape();
            _object.Add(members, path);
        }

        private void AddArray(IEnumerable<object?> elements, string path)
        {
            _kinds |= Kinds.Array;
            foreach (var element in elements)
            {
                _items ??= new ValueShape();
                _items.Add(element, path + "[]");
            }
        }

        private void Integer(long value, Kinds kind)
        {
            _maxIntegerDigits = Math.Max(_maxIntegerDigits, DigitsOf(Math.Abs((decimal)value)));
            Scalar(kind, value.ToString(CultureInfo.InvariantCulture));
        }

        private void Number(decimal value)
        {
            _maxIntegerDigits = Math.Max(_maxIntegerDigits, DigitsOf(Math.Abs(decimal.Truncate(value))));
            _maxScale = Math.Max(_maxScale, value.Scale);
            Scalar(Kinds.Decimal, value.ToString(CultureInfo.InvariantCulture));
        }

        private void Scalar(Kinds kind, string text)
        {
            _kinds |= kind;
            _maxTextLength = Math.Max(_maxTextLength, text.Length);
        }

        /// <summary>Digits of the integer part; zero has none, so 0.5 fits DECIMAL(1,1).</summary>
        private static int DigitsOf(decimal nonNegativeInteger) =>
            nonNegativeInteger == 0 ? 0 : nonNegativeInteger.ToString("0", CultureInfo.InvariantCulture).Length;

        private static decimal ToDecimal(double value, string path)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                throw new ArgumentException($"Field '{path}' holds {value.ToString(CultureInfo.InvariantCulture)}, which a decimal cannot hold.", nameof(value));
            }

            try
            {
                return (decimal)value;
            }
            catch (OverflowException)
            {
                throw new ArgumentException($"Field '{path}' holds {value.ToString(CultureInfo.InvariantCulture)}, beyond what a decimal holds.", nameof(value));
            }
        }
    }
}
