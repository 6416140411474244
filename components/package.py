"""The architecture components as a Pulumi component package, for TypeScript, YAML, Go, C# ...

``pulumi package add <path to this repository>/provider`` (or a ``packages:`` entry in a
Pulumi.yaml) runs ``provider/__main__.py``, which hosts these classes with the Pulumi SDK's
``component_provider_host``; the package schema is inferred from the Args and output
annotations (``pulumi package get-schema provider`` prints it).

WHY separate classes with other type tokens: the SDK's experimental host puts every component in
the ``index`` module of one package and names it after its Python class, and the engine expects
a hosted component to register exactly the token it was asked for. So the components (three per
deployable cloud, ``llmkit.core.clouds.DEPLOYABLE``) are offered as
``llmkit:index:AwsGpuCluster``, ``llmkit:index:AzureApiTier``, ... (the Python classes register
``llmkit:aws:GpuCluster`` ...; the prefix is the descriptor's ``class_prefix``), each a subclass
that changes only its name and token.
No provider SDK is imported until a component is constructed.
"""

from typing import Any

from llmkit.components.architecture import NAMES, Architecture
from llmkit.core.clouds import CLOUDS, DEPLOYABLE, resolve

PACKAGE = "llmkit"


def _hosted(component: type[Architecture], cloud: str) -> type[Architecture]:
    """``component`` as the package offers it: named ``<Cloud><Name>``, registering the token
    the host is asked for (no alias: the package's tokens never had another)."""
    name = f"{CLOUDS[cloud].class_prefix}{component.__name__}"
    namespace = {"__doc__": component.__doc__, "__module__": __name__,
                 "_token": f"{PACKAGE}:index:{name}", "_legacy_alias": False}
    return type(name, (component,), namespace)


def hosted_components(deployable: tuple[str, ...] = DEPLOYABLE) -> list[type[Architecture]]:
    """Every architecture of every deployable cloud, from the components package its descriptor
    names (``Cloud.components``), in the kit's cloud order."""
    return [
        _hosted(getattr(resolve(str(CLOUDS[cloud].components)), NAMES[kind]), cloud)
        for cloud in deployable
        for kind in NAMES
    ]


COMPONENTS: list[type[Architecture]] = hosted_components()


def schema() -> dict[str, Any]:
    """The package schema the host would serve (what ``pulumi package get-schema`` prints).

    Call it in a process of its own, as the plugin runs: the SDK's provider server registers
    its own ``google.rpc.Status`` with protobuf, which clashes with the Google Cloud client
    libraries' copy in the same process."""
    import json

    from pulumi.provider.experimental.component import ComponentProvider

    text = ComponentProvider(list(COMPONENTS), PACKAGE).schema
    if text is None:
        raise RuntimeError("the Pulumi SDK inferred no schema for the llmkit components")
    return dict(json.loads(text))
