using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Portal.Provisioning.Expressions;

namespace Portal.Benchmarks;

/// <summary>
/// A realistic 12-mapping SCIM user profile evaluated for generated users on one thread:
/// <c>dotnet run -c Release --project tests/Portal.Benchmarks -- expressions [--users 100000]</c>.
/// Target: at least 200,000 mapping evaluations per second.
/// </summary>
internal static class ExpressionsBenchmark
{
    private static readonly (string Target, string Expression)[] Mappings =
    [
        ("userName", "Join(\"@\", NormalizeDiacritics(ToLower(Join(\".\", [givenName], [surname]))), \"contoso.com\")"),
        ("displayName", "Join(\" \", [givenName], [surname])"),
        ("active", "Switch([accountEnabled], \"False\", \"True\", \"True\", \"False\", \"False\")"),
        ("title", "IgnoreFlowIfNullOrEmpty([jobTitle])"),
        ("emails[type eq \"work\"].value", "[mail]"),
        ("phoneNumbers[type eq \"mobile\"].value", "Replace([mobilePhone], , \"[()\\\\s-]+\", , \"\", , )"),
        ("addresses[type eq \"work\"].country", "Switch([country], \"Other\", \"United States\", \"US\", \"Germany\", \"DE\", \"France\", \"FR\", \"Japan\", \"JP\")"),
        ("roles[primary eq \"True\"].value", "SingleAppRoleAssignment([appRoleAssignments])"),
        ("externalId", "Join(\"-\", \"EMP\", [employeeId])"),
        ("department", "PCase([department])"),
        ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:hireDate", "FormatDateTime([employeeHireDate], , \"yyyy-MM-ddTHH:mm:ssZ\", \"yyyy-MM-dd\")"),
        ("proxyAddresses", "RemoveDuplicates(ToLower([proxyAddresses]))"),
    ];

    private static readonly string[] GivenNames = ["Zoë", "José", "Łukasz", "Anna", "Björn", "Chloé", "John", "Ngozi", "Søren", "Mei"];
    private static readonly string[] Surnames = ["Müller", "García", "O'Brien", "Nowak", "Dubois", "Smith", "Okafor", "Ærø", "Tanaka", "Straße"];
    private static readonly string[] Countries = ["United States", "Germany", "France", "Japan", "Nigeria"];
    private static readonly string[] Departments = ["SALES", "research and development", "Finance", "customer success"];

    public static Task<int> RunAsync(string[] args)
    {
        var users = args.Length == 2 && args[0] == "--users" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var compiler = new ExpressionCompiler();
        var inputs = Enumerable.Range(0, users).Select(Generate).ToArray();
        var compiled = Mappings.Select(m => compiler.Compile(m.Expression)).ToArray();

        // Warm-up (JIT tiering, regex construction) outside the measurement.
        var checksum = Evaluate(compiled, inputs.AsSpan(0, Math.Min(users, 2_000)));

        // CPU time as well as wall time: on a shared machine the wall clock also measures the neighbours.
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        checksum += Evaluate(compiled, inputs);
        stopwatch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;

        var evaluations = (long)users * compiled.Length;
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"expressions: {Mappings.Length} mappings x {users:N0} users on one thread");
        Console.WriteLine($"  elapsed                 {seconds,12:F3} s");
        Console.WriteLine($"  cpu                     {cpuSeconds,12:F3} s");
        Console.WriteLine($"  evaluations/s           {evaluations / seconds,12:N0}   (target >= 200,000)");
        Console.WriteLine($"  evaluations/cpu-s       {evaluations / cpuSeconds,12:N0}");
        Console.WriteLine($"  users/s                 {users / seconds,12:N0}");
        Console.WriteLine($"  allocated               {allocated / 1024.0 / 1024.0,12:N1} MiB");
        Console.WriteLine($"  bytes/evaluation        {(double)allocated / evaluations,12:N0}");
        PrintPerMapping(compiled, inputs.AsSpan(0, Math.Min(users, 20_000)));
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "expressions",
            users,
            mappings = compiled.Length,
            evaluations,
            seconds = Math.Round(seconds, 3),
            cpuSeconds = Math.Round(cpuSeconds, 3),
            evaluationsPerSecond = Math.Round(evaluations / seconds),
            evaluationsPerCpuSecond = Math.Round(evaluations / cpuSeconds),
            usersPerSecond = Math.Round(users / seconds),
            allocatedBytes = allocated,
            bytesPerEvaluation = Math.Round((double)allocated / evaluations, 1),
            checksum,
        }));
        return Task.FromResult(0);
    }

    // Which mapping costs what, so a regression points at a function rather than at the whole profile.
    private static void PrintPerMapping(CompiledExpression[] mappings, ReadOnlySpan<ExpressionInput> inputs)
    {
        for (var m = 0; m < mappings.Length; m++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var stopwatch = Stopwatch.StartNew();
            foreach (var input in inputs)
            {
                mappings[m].Evaluate(input);
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Console.WriteLine($"  {Mappings[m].Target,-70} {stopwatch.Elapsed.TotalMicroseconds / inputs.Length,8:F2} µs {allocated / inputs.Length,6} B");
        }
    }

    private static long Evaluate(CompiledExpression[] mappings, ReadOnlySpan<ExpressionInput> inputs)
    {
        long checksum = 0;
        foreach (var input in inputs)
        {
            foreach (var mapping in mappings)
            {
                checksum += (int)mapping.Evaluate(input).Kind;
            }
        }

        return checksum;
    }

    private static ExpressionInput Generate(int i)
    {
        var random = new Random(i);
        var given = GivenNames[random.Next(GivenNames.Length)];
        var surname = Surnames[random.Next(Surnames.Length)];
        var alias = $"{given}.{surname}{i}".ToLowerInvariant();
        var attributes = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["givenName"] = given,
            ["surname"] = surname,
            ["accountEnabled"] = random.Next(10) != 0,
            ["jobTitle"] = random.Next(4) == 0 ? null : "Engineer",
            ["mail"] = $"{alias}@contoso.com",
            ["mobilePhone"] = $"+1 ({random.Next(200, 999)}) {random.Next(200, 999)}-{random.Next(1000, 9999)}",
            ["country"] = Countries[random.Next(Countries.Length)],
            ["employeeId"] = i.ToString("D6", CultureInfo.InvariantCulture),
            ["department"] = Departments[random.Next(Departments.Length)],
            ["employeeHireDate"] = new DateTime(2010, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(5_000)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["proxyAddresses"] = new[] { $"SMTP:{alias}@contoso.com", $"smtp:{alias}@contoso.onmicrosoft.com", $"smtp:{alias}@contoso.com" },
        };
        AssignedAppRole[] roles = random.Next(3) == 0 ? [] : [new AssignedAppRole("r1", random.Next(2) == 0 ? "Admin" : "User", "Role")];
        return new ExpressionInput(attributes, roles);
    }
}
