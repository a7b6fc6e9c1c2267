// A registry whose production needs one approval, with two trusted signers: ops promotes, alice reviews.
import dev.modelregistry.git.*
import dev.modelregistry.model.*
import java.nio.file.Files

def ops = SshKeys.generateEd25519(new File(basedir, 'ops_key').toPath(), 'ops')
def alice = SshKeys.generateEd25519(new File(basedir, 'alice_key').toPath(), 'alice')
def d = Policy.defaults([TrustedSigners.line('ops@example.com', ops), TrustedSigners.line('alice@example.com', alice)])
def envs = ['production': new EnvironmentPolicy(1, d.environment('production').gates())]
def policy = new Policy(d.formatVersion(), d.versions(), envs, d.signers(), d.retention(), d.store())
Registry.init(new File(basedir, 'registry').path, policy, null, CommitSigner.sshKey(new File(basedir, 'ops_key').toPath())).close()
new File(basedir, 'model.json').text = '{"weights": [0.1, 0.2]}'
new File(basedir, 'metadata.yaml').text = 'metrics: {ic: 0.05, sharpe: 1.1}\n'
return true
