// A registry whose production needs one approval, with two trusted signers: ops promotes, alice reviews.
// Keys come from ssh-keygen and the policy is written as text: the hook runs inside the Maven JVM, and
// loading the SSH/BouncyCastle classes here would register a provider the plugin's own classes cannot use.
import dev.modelregistry.git.Registry
import dev.modelregistry.model.Policy
import dev.modelregistry.model.SafeMapper

def keygen = { String name ->
  def p = ['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', new File(basedir, name).path].execute()
  assert p.waitFor() == 0 : p.errorStream.text
  new File(basedir, name + '.pub').text.trim().split(/\s+/)[0..1].join(' ')
}
def ops = keygen('ops_key')
def alice = keygen('alice_key')
def yaml = """format_version: 1
environments:
  production:
    required_approvals: 1
    gates:
      metrics: {ic: "> 0.02", sharpe: "> 0.5"}
signers:
- "ops@example.com ${ops}"
- "alice@example.com ${alice}"
"""
Registry.init(new File(basedir, 'registry').path, SafeMapper.readYaml(yaml, Policy.class, 'registry.yaml'), null, null).close()
new File(basedir, 'model.json').text = '{"weights": [0.1, 0.2]}'
new File(basedir, 'metadata.yaml').text = 'metrics: {ic: 0.05, sharpe: 1.1}\n'
return true
