// The top methods of a dotnet-trace sample of the portal by CPU, for scripts/benchmark-api.sh (BENCH_TRACE).
//   dotnet run -c Release scripts/bench/trace-top.cs -- <trace.speedscope.json> [top N, default 25]
// `dotnet-trace report topN` counts every sampled thread, and in a web server most of them wait (thread pool,
// sockets, timers), which buries the work. The Speedscope conversion marks each stretch of a thread as CPU_TIME
// (running managed code) or UNMANAGED_CODE_TIME (in native code: waits, syscalls, the GC); this counts only the
// CPU_TIME stretches and names the managed method that ran them (exclusive) and every method on their stacks
// (inclusive), as shares of all managed CPU.
#:property Nullable=enable
#:property PublishAot=false
using System.Globalization;
using System.Text.Json;

var top = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 25;
using var document = JsonDocument.Parse(File.ReadAllBytes(args[0]));
var frames = document.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray()
    .Select(f => Names.Short(f.GetProperty("name").GetString() ?? "?")).ToArray();
var exclusive = new Dictionary<string, double>();
var inclusive = new Dictionary<string, double>();
double managed = 0, native = 0;
foreach (var profile in document.RootElement.GetProperty("profiles").EnumerateArray())
{
    var stack = new List<int>();
    double? last = null;
    foreach (var e in profile.GetProperty("events").EnumerateArray())
    {
        var at = e.GetProperty("at").GetDouble();
        if (last is { } since && stack.Count > 1)
        {
            var span = at - since;
            var leaf = frames[stack[^1]];
            if (leaf == "CPU_TIME")
            {
                managed += span;
                Add(exclusive, frames[stack[^2]], span);
                foreach (var name in stack.Take(stack.Count - 1).Select(i => frames[i]).Distinct())
                {
                    Add(inclusive, name, span);
                }
            }
            else if (leaf == "UNMANAGED_CODE_TIME")
            {
                native += span;
            }
        }

        last = at;
        var frame = e.GetProperty("frame").GetInt32();
        if (e.GetProperty("type").GetString() == "O")
        {
            stack.Add(frame);
        }
        else if (stack.LastIndexOf(frame) is var index and >= 0)
        {
            stack.RemoveRange(index, stack.Count - index);
        }
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"managed CPU {managed / 1000:0.0} s, native or waiting {native / 1000:0.0} s (thread time, all threads)"));
Print("exclusive", exclusive, Names.IsFrame);
Print("inclusive (without the thread pool's and async plumbing)", inclusive, Names.IsPlumbing);

void Print(string title, Dictionary<string, double> times, Func<string, bool> skip)
{
    Console.WriteLine($"-- {title}, % of managed CPU");
    foreach (var (name, time) in times.Where(t => !skip(t.Key)).OrderByDescending(t => t.Value).Take(top))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{100 * time / managed,6:0.0}%  {name}"));
    }
}

static void Add(Dictionary<string, double> times, string name, double span) =>
    times[name] = times.GetValueOrDefault(name) + span;

internal static class Names
{
    // "Module!Namespace.Type.Method(args)" -> "Namespace.Type.Method"
    public static string Short(string name)
    {
        var bang = name.IndexOf('!');
        var open = name.IndexOf('(', bang + 1);
        return (open > 0 ? name[(bang + 1)..open] : name[(bang + 1)..]).Trim();
    }

    // The converter's own levels: process, thread list, threads.
    public static bool IsFrame(string name) =>
        name.Length == 0 || name.StartsWith("Process", StringComparison.Ordinal) || name.StartsWith("Thread", StringComparison.Ordinal)
        || name is "(Non-Activities)" or "Threads";

    // On most stacks without doing the work: the thread pool, continuations, async state machine boxes. The GC
    // suspension (PollGC) stays, as it is the allocation's cost.
    public static bool IsPlumbing(string name) =>
        IsFrame(name) || name.StartsWith("System.Runtime.CompilerServices.", StringComparison.Ordinal)
        || (name.StartsWith("System.Threading.", StringComparison.Ordinal) && !name.Contains("PollGC", StringComparison.Ordinal));
}
