using System.Security.Cryptography;

namespace Portal.Provisioning.Expressions;

/// <summary>A thread-safe <see cref="Random"/> backed by <see cref="RandomNumberGenerator"/>: RandomString generates passwords.</summary>
internal sealed class StrongRandom : Random
{
    public static StrongRandom Instance { get; } = new();

    public override int Next() => RandomNumberGenerator.GetInt32(int.MaxValue);

    public override int Next(int maxValue) => RandomNumberGenerator.GetInt32(maxValue);

    public override int Next(int minValue, int maxValue) => RandomNumberGenerator.GetInt32(minValue, maxValue);

    public override void NextBytes(byte[] buffer) => RandomNumberGenerator.Fill(buffer);

    public override void NextBytes(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

    protected override double Sample() => (RandomNumberGenerator.GetInt32(int.MaxValue) * (1.0 / int.MaxValue));
}
