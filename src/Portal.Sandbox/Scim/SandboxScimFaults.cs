namespace Portal.Sandbox.Scim;

/// <summary>The active faults of a sandbox target, consumed in order; thread-safe.</summary>
public sealed class SandboxScimFaults
{
    private readonly Lock gate = new();
    private readonly List<(SandboxFault Fault, int Left)> faults = [];

    public void Add(SandboxFault fault)
    {
        lock (gate)
        {
            faults.Add((fault, fault.Count));
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            faults.Clear();
        }
    }

    internal SandboxFault? Take(string method)
    {
        lock (gate)
        {
            var index = faults.FindIndex(f => f.Fault.Method is null || f.Fault.Method.Equals(method, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return null;
            }

            var (fault, left) = faults[index];
            if (left <= 1)
            {
                faults.RemoveAt(index);
            }
            else
            {
                faults[index] = (fault, left - 1);
            }

            return fault;
        }
    }
}
