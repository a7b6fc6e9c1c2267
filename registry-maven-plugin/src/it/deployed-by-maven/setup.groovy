// A registry whose store is the Maven repository the build deploys to (a directory, as Nexus would be).
import dev.modelregistry.git.Committer
import dev.modelregistry.git.Registry
import dev.modelregistry.model.Policy
import dev.modelregistry.model.StorePolicy

def repo = new File(basedir, 'repo').toURI().toString()
def policy = Policy.defaults([]).withStore(StorePolicy.maven(repo, 'models', 'com.example.quant'))
Registry.init(new File(basedir, 'registry').path, policy, new Committer('Setup', 'setup@example.com')).close()
return true
