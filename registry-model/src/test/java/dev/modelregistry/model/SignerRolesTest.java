package dev.modelregistry.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code roles:} in registry.yaml: read beside the signers, written only when there are any, and
 * refused, with the rule, when it would not limit who it names.
 */
class SignerRolesTest {
  static final String OPS = "ops@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOpsOpsOpsOps";
  static final String SVC = "svc@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAISvcSvcSvcSvc";

  private static Policy read(String roles) {
    return SafeMapper.readYaml(
        "format_version: 1\nenvironments: {production: {}}\nsigners:\n- \""
            + OPS
            + "\"\n- \""
            + SVC
            + "\"\n"
            + roles,
        Policy.class,
        "registry.yaml");
  }

  private static String refusal(String roles) {
    return assertThrows(InvalidInputException.class, () -> read(roles)).getMessage();
  }

  @Test
  void aPolicyWithoutRolesReadsAsBeforeAndGivesEverySignerFullRights() {
    Policy p = read("");
    assertEquals(Set.of(), p.rolesOf("svc@example.com"));
    for (SignedAction a : SignedAction.values()) {
      assertTrue(p.may("svc@example.com", a), a.toString());
    }
    assertFalse(SafeMapper.writeYaml(p).contains("roles"), SafeMapper.writeYaml(p));
  }

  @Test
  void aRollbackSignerMayRollBackAndMarkFailedOnly() {
    Policy p = read("roles: {svc@example.com: [rollback]}\n");
    assertEquals(Set.of(SignerRole.ROLLBACK), p.rolesOf("svc@example.com"));
    assertTrue(p.may("svc@example.com", SignedAction.ROLLBACK));
    assertTrue(p.may("svc@example.com", SignedAction.FAIL));
    for (SignedAction a :
        Set.of(
            SignedAction.PROMOTE,
            SignedAction.APPROVE,
            SignedAction.CHANGE_POLICY,
            SignedAction.REGISTER,
            SignedAction.COLLECT)) {
      assertFalse(p.may("svc@example.com", a), a.toString());
    }
    assertTrue(p.may("ops@example.com", SignedAction.PROMOTE));
    String yaml = SafeMapper.writeYaml(p);
    assertEquals(p, SafeMapper.readYaml(yaml, Policy.class, "written"), yaml);
    assertFalse(p.withSigners(java.util.List.of(OPS)).roles().containsKey("svc@example.com"));
  }

  @Test
  void anUnknownRoleIsRefusedNamingTheValidOnes() {
    String m = refusal("roles: {svc@example.com: [admin]}\n");
    assertTrue(m.contains("'admin'") && m.contains("rollback") && m.contains("full"), m);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SignerRole.parse("superuser"));
    assertEquals(Input.ROLE, e.input());
    assertTrue(SignerRole.parse(" Rollback ").isPresent());
    assertTrue(SignerRole.parse("full").isEmpty());
  }

  @Test
  void rolesThatWouldNotLimitWhoTheyNameAreRefused() {
    assertTrue(
        refusal("roles: {mallory@example.com: [rollback]}\n").contains("not among its signers"));
    assertTrue(refusal("roles: {\"*@example.com\": [rollback]}\n").contains("not one principal"));
    assertTrue(refusal("roles: {svc@example.com: []}\n").contains("empty list"));
    assertTrue(refusal("roles: {svc@example.com: [full]}\n").contains("absence of a role"));
    assertTrue(
        refusal("roles: {svc@example.com: [rollback], ops@example.com: [rollback]}\n")
            .contains("at least one signer"));
    assertThrows(InvalidInputException.class, () -> read("roles: [rollback]\n"));
  }

  @Test
  void aKeyTrustedForALimitedAndAFullPrincipalIsRefused() {
    String sameKey = "svc2@example.com" + SVC.substring(SVC.indexOf(' '));
    String m =
        assertThrows(
                InvalidInputException.class,
                () ->
                    SafeMapper.readYaml(
                        "format_version: 1\nenvironments: {production: {}}\nsigners:\n- \""
                            + OPS
                            + "\"\n- \""
                            + SVC
                            + "\"\n- \""
                            + sameKey
                            + "\"\nroles: {svc@example.com: [rollback]}\n",
                        Policy.class,
                        "registry.yaml"))
            .getMessage();
    assertTrue(m.contains("one key for"), m);
  }
}
