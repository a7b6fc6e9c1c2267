def log = new File(basedir, 'build.log').text
assert log.contains('Prepared the promotion of risk_model v1.0.0 to production on branch promotion/risk_model/v1.0.0')
assert log.contains('have a reviewer run: mvn dev.modelregistry:registry-maven-plugin:approve')
assert log.contains('ops@example.com prepared this promotion and cannot approve it')
assert log.contains('Approved risk_model v1.0.0 for production')
assert log.contains('production now runs risk_model v1.0.0.')
assert log =~ /Registry verified: \d+ commits, 1 versions, 1 artifacts/
assert log.contains("is not the pinned root 0123456789abc")
return true
