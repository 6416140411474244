"""Entry point of the llmkit component package: hosts the nine architecture components.

The Pulumi CLI runs this file as a plugin; the SDK's ``component_provider_host`` infers the
package schema from the components' Args and output annotations (see
``llmkit.components.package``) and constructs a component when a program asks for one.
"""

from pulumi.provider.experimental import component_provider_host

from llmkit.components.package import COMPONENTS, PACKAGE

if __name__ == "__main__":
    component_provider_host(list(COMPONENTS), name=PACKAGE, namespace=PACKAGE)
