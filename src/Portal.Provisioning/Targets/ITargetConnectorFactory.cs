namespace Portal.Provisioning.Targets;

/// <summary>Creates a connector for one job's target connection.</summary>
public interface ITargetConnectorFactory
{
    ITargetConnector Create(TargetConnectorSettings settings);
}
